import { runCommand } from './command';
import { validateCommand } from './commands/validate';

runCommand(validateCommand);
