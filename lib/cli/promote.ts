import { runCommand } from './command';
import { promoteCommand } from './commands/promote';

runCommand(promoteCommand);
