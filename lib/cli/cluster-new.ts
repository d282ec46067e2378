import { runCommand } from './command';
import { clusterNewCommand } from './commands/cluster-new';

runCommand(clusterNewCommand);
