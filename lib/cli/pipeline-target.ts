import { runCommand } from './command';
import { pipelineTargetCommand } from './commands/pipeline-target';

runCommand(pipelineTargetCommand);
