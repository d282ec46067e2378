/**
 * When Velero's schedules run, from the recovery point objectives of `platform.backup`: twice per RPO, so the
 * newest backup is never older than the RPO while one run at a time fails or runs long.
 */

const HOUR = 60;
const DAY = 24 * HOUR;

/** Minutes between two runs of a schedule with this RPO. */
export function backupIntervalMinutes(rpoMinutes: number): number {
  return rpoMinutes / 2;
}

/** What is wrong with an RPO for a cron schedule, if anything: half of it must divide an hour or a day in whole hours. */
export function backupRpoProblem(rpoMinutes: unknown): string | undefined {
  const interval = typeof rpoMinutes === 'number' ? rpoMinutes / 2 : Number.NaN;
  const fits =
    Number.isInteger(interval) &&
    interval > 0 &&
    (interval <= HOUR ? HOUR % interval === 0 : interval % HOUR === 0 && DAY % interval === 0);
  if (fits) return undefined;
  return (
    `${JSON.stringify(rpoMinutes)} minutes cannot be kept by a cron schedule: backups run every RPO/2 minutes, which ` +
    'must divide an hour (RPO 20, 30, 40, 60, 120) or be whole hours dividing a day (RPO 240, 360, 480, 720, 1440, 2880)'
  );
}

/** The cron schedule (UTC) of a backup with this RPO, starting at `minute` past the hour when it runs hourly or less often. */
export function backupCron(rpoMinutes: number, minute: number): string {
  const interval = backupIntervalMinutes(rpoMinutes);
  if (interval < HOUR) return `*/${interval} * * * *`;
  if (interval === HOUR) return `${minute} * * * *`;
  if (interval === DAY) return `${minute} 0 * * *`;
  return `${minute} */${interval / HOUR} * * *`;
}
