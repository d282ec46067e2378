import { runCommand } from './command';
import { chartsPullCommand } from './commands/charts-pull';

runCommand(chartsPullCommand);
