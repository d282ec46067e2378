import { runCommand } from './command';
import { rightsizeCommand } from './commands/rightsize';

runCommand(rightsizeCommand);
