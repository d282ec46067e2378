import { runCommand } from './command';
import { localUpCommand } from './commands/local-up';

runCommand(localUpCommand);
