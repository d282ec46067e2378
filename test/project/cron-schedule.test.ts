import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../lib/project/rules';

describe('CronJob schedules, as Kubernetes parses them', () => {
  it.each([
    '30 2 * * *',
    '*/15 * * * *',
    '0 9 * * MON-FRI',
    '0 0 1 JAN,jul *',
    '0 12 ? * sun',
    '0 0 * * 7',
    '@hourly',
    '@daily',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
    '@midnight',
  ])('accepts %s', (schedule) => {
    expect(cronProblem(schedule)).toBeUndefined();
  });

  it('refuses what Kubernetes refuses, naming the field and what it takes', () => {
    expect(cronProblem('0 9 * * MON-FUN')).toContain('field 5 ("MON-FUN") must use numbers within 0-7 or SUN-SAT');
    expect(cronProblem('0 0 1 FOO *')).toContain('field 4 ("FOO") must use numbers within 1-12 or JAN-DEC');
    expect(cronProblem('0 0 ? ? *')).toContain('field 4 ("?")');
    expect(cronProblem('@every 5m')).toContain('"@every 5m" is not a schedule macro Kubernetes knows');
    expect(cronProblem('TZ=Europe/Dublin 0 9 * * *')).toBe(
      '"TZ=Europe/Dublin 0 9 * * *": Kubernetes refuses a time zone inside the schedule; schedules here are UTC',
    );
    expect(cronProblem('0 9 * *')).toContain('is not a cron expression: expected five fields');
  });
});
