import { runCommand } from '../lib/cli/command';
import { infraSynthCommand } from './commands/infra-synth';

runCommand(infraSynthCommand);
