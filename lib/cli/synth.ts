import { runCommand } from './command';
import { synthCommand } from './commands/synth';

runCommand(synthCommand);
