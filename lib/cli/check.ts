import { runCommand } from './command';
import { checkCommand } from './commands/check';

runCommand(checkCommand);
