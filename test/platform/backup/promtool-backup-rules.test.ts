import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { backupRuleGroups } from '../../../platform/backup/backup-rules';
import type { AlertingRule } from '../../../platform/monitoring/prometheus-rule';
import { backupSchedules } from '../../../platform/backup/schedules';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';

/**
 * The backup alerts under `promtool test rules`: Velero's gauge of the newest successful backup (seconds since the
 * epoch, as the series value at each minute) and kube-state-metrics' CronJob series, then which alerts fire when.
 */

const promtool = requireToolInCi('promtool');
const schedules = backupSchedules({});
const resources = schedules.find((schedule) => schedule.name === 'cluster-resources')!;

/** The rule groups without annotations (text for humans, which promtool would compare too). */
function groups(pageOnRpo = false): unknown {
  return backupRuleGroups(schedules, pageOnRpo, true).map((group) => ({
    ...group,
    rules: (group.rules as AlertingRule[]).map(({ annotations: _annotations, ...rule }) => rule),
  }));
}

/** A gauge that holds the time of the last backup: a backup every `everyMinutes`, from minute 0, for `minutes`. */
function lastBackupSeries(everyMinutes: number, minutes: number, stopAfter = minutes): string {
  const values: string[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    const last = Math.floor(Math.min(minute, stopAfter) / everyMinutes) * everyMinutes;
    values.push(String(last * 60));
  }
  return values.join(' ');
}

/** Runs one promtool test; `step` is both the series interval and the evaluation interval. */
function run(inputSeries: { series: string; values: string }[], checks: object[], pageOnRpo = false, step = '1m') {
  const tests = {
    rule_files: ['rules.yaml'],
    evaluation_interval: step,
    tests: [{ interval: step, input_series: inputSeries, alert_rule_test: checks }],
  };
  return runTool(promtool!, ['test', 'rules', 'tests.yaml'], {
    'rules.yaml': stringify({ groups: groups(pageOnRpo) }),
    'tests.yaml': stringify(tests),
  });
}

const recoveryPoint = (at: number, firing: Record<string, string>[]) => ({
  eval_time: `${at}m`,
  alertname: 'BackupRecoveryPointTooOld',
  exp_alerts: firing.map((labels) => ({ exp_labels: labels })),
});
const resourcesAlert = (severity: string) => ({
  schedule: resources.name,
  severity,
  team: 'platform',
  namespace: 'velero',
});

describe.skipIf(promtool === undefined)(
  `backup rules under promtool (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    const series = `velero_backup_last_successful_timestamp{schedule="${resources.name}"}`;
    const volumes = `velero_backup_last_successful_timestamp{schedule="volumes"}`;

    it('stays quiet while backups run on schedule, and fires once the newest is older than the RPO', () => {
      // Backups every 30 minutes for 3 hours, then none: the newest (minute 180) is older than 60 minutes at 241.
      const result = run(
        [
          { series, values: lastBackupSeries(30, 360, 180) },
          { series: volumes, values: lastBackupSeries(120, 360) },
        ],
        [recoveryPoint(170, []), recoveryPoint(239, []), recoveryPoint(242, [resourcesAlert('warning')])],
      );
      expect(result.output, result.output).toContain('SUCCESS');
    });

    it('pages in production, and bridges a Velero restart whose gauge starts empty', () => {
      // Velero restarts at minute 100: no gauge for 10 minutes, then 0 until its next backup at minute 120.
      const values = lastBackupSeries(30, 200)
        .split(' ')
        .map((value, minute) => (minute >= 100 && minute < 110 ? '_' : minute >= 110 && minute < 120 ? '0' : value))
        .join(' ');
      const result = run(
        [
          { series, values },
          { series: volumes, values: lastBackupSeries(120, 200) },
        ],
        [recoveryPoint(115, []), recoveryPoint(125, [])],
        true,
      );
      expect(result.output, result.output).toContain('SUCCESS');
      const stopped = run(
        [
          { series, values: lastBackupSeries(30, 200, 60) },
          { series: volumes, values: lastBackupSeries(120, 200) },
        ],
        [recoveryPoint(125, [resourcesAlert('critical')])],
        true,
      );
      expect(stopped.output, stopped.output).toContain('SUCCESS');
    });

    it("does not fire for the old pod's series after Velero was replaced by a new pod", () => {
      // Pod a backs up until minute 100 and goes; pod b takes over at 101 and keeps backing up every 30 minutes.
      const a = lastBackupSeries(30, 101).split(' ');
      const b = lastBackupSeries(30, 220).split(' ').slice(101);
      const result = run(
        [
          {
            series: `velero_backup_last_successful_timestamp{schedule="${resources.name}",pod="velero-a"}`,
            values: a.join(' '),
          },
          {
            series: `velero_backup_last_successful_timestamp{schedule="${resources.name}",pod="velero-b"}`,
            values: `_x101 ${b.join(' ')}`,
          },
          { series: volumes, values: lastBackupSeries(120, 220) },
        ],
        [recoveryPoint(130, []), recoveryPoint(155, []), recoveryPoint(200, [])],
      );
      expect(result.output, result.output).toContain('SUCCESS');
    });

    it('fires when Velero reports nothing for a whole RPO (no backup at all is no recovery point)', () => {
      const result = run(
        [{ series: volumes, values: lastBackupSeries(120, 200) }],
        [recoveryPoint(61, [{ schedule: resources.name, severity: 'warning', team: 'platform', namespace: 'velero' }])],
      );
      expect(result.output, result.output).toContain('SUCCESS');
    });

    it('reports a restore drill that has not succeeded for a day, and one that never succeeded', () => {
      const cronJob = '{namespace="velero",cronjob="restore-drill"}';
      // Ten-minute steps: a day and a half in 160 samples keeps promtool fast.
      const samples = 160;
      const firing = [
        { exp_labels: { namespace: 'velero', cronjob: 'restore-drill', severity: 'warning', team: 'platform' } },
      ];
      const drill = (exp: typeof firing) => [
        { eval_time: '25h', alertname: 'BackupRestoreDrillFailing', exp_alerts: [] },
        { eval_time: '26h10m', alertname: 'BackupRestoreDrillFailing', exp_alerts: exp },
      ];
      // Succeeded at minute 0 and never again: quiet for 26 hours, then firing.
      const once = run(
        [
          { series: `kube_cronjob_status_last_successful_time${cronJob}`, values: `0x${samples}` },
          { series: `kube_cronjob_created${cronJob}`, values: `0x${samples}` },
        ],
        drill(firing),
        false,
        '10m',
      );
      expect(once.output, once.output).toContain('SUCCESS');
      // Created at 0, never succeeded.
      const never = run(
        [{ series: `kube_cronjob_created${cronJob}`, values: `0x${samples}` }],
        drill(firing),
        false,
        '10m',
      );
      expect(never.output, never.output).toContain('SUCCESS');
    });
  },
);
