import { runCommand } from './command';
import { diffCommand } from './commands/diff';

runCommand(diffCommand);
