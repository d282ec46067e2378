import { runCommand } from './command';
import { localDownCommand } from './commands/local-down';

runCommand(localDownCommand);
