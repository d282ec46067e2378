import { runCommand } from './command';
import { eventsLoadTestCommand } from './commands/events-load-test';

runCommand(eventsLoadTestCommand);
