import { runCommand } from './command';
import { convergeCommand } from './commands/converge';

runCommand(convergeCommand);
