import { runCommand } from './command';
import { releaseCommand } from './commands/release';

runCommand(releaseCommand);
