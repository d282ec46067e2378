import { describe, expect, it } from 'vitest';
import { backupCron, backupRpoProblem } from '../../lib/model/backup-schedule';

describe('backup schedules from RPOs', () => {
  it('runs twice per RPO', () => {
    expect([20, 60, 120, 240, 1440, 2880].map((rpo) => [rpo, backupCron(rpo, 30), backupRpoProblem(rpo)])).toEqual([
      [20, '*/10 * * * *', undefined],
      [60, '*/30 * * * *', undefined],
      [120, '30 * * * *', undefined],
      [240, '30 */2 * * *', undefined],
      [1440, '30 */12 * * *', undefined],
      [2880, '30 0 * * *', undefined],
    ]);
  });

  it('refuses RPOs whose half no cron expression repeats evenly', () => {
    for (const rpo of [0, 7, 50, 90, 600, 4320, -60, '60']) expect(backupRpoProblem(rpo)).toMatch(/cannot be kept/);
  });
});
