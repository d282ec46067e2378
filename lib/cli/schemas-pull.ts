import { runCommand } from './command';
import { schemasPullCommand } from './commands/schemas-pull';

runCommand(schemasPullCommand);
