import { runCommand } from '../lib/cli/command';
import { infraCheckCommand } from './commands/infra-check';

runCommand(infraCheckCommand);
