import { runCommand } from './command';
import { promotionGateCommand } from './commands/promotion-gate';

runCommand(promotionGateCommand);
