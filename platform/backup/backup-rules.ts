import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import type { AlertingRule, RuleGroup } from '../monitoring/prometheus-rule';
import { runbookUrl } from '../monitoring/selectors';
import { Severity } from '../monitoring/severity';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { PLATFORM_TEAM, platformLabels } from '../shared/labels';
import { RESTORE_DRILL } from './restore-drill';
import type { BackupSchedule } from './schedules';

/** A drill runs daily: one missed or failed run (plus two hours of slack) is a finding. */
const DRILL_MAX_AGE_HOURS = 26;

/**
 * The alerts of Velero's schedules and the restore drill:
 *
 * - BackupRecoveryPointTooOld: the newest successful backup of a schedule is older than its RPO, or there is none
 *   at all for that long. `max_over_time` over the RPO bridges a Velero restart (its gauge starts empty), `max by
 *   (schedule)` merges the series of the old and the new pod, and `absent_over_time` covers a Velero that is down
 *   or never backed up.
 * - BackupFailing: a run of the schedule failed or partially failed within its RPO (the next run may still
 *   succeed, so it is a ticket; the RPO alert is what pages).
 * - BackupRestoreDrillFailing: no restore drill succeeded for a day, or the drill has never succeeded since its
 *   CronJob was created a day ago.
 */
export function backupRuleGroups(
  schedules: readonly BackupSchedule[],
  pageOnRpo: boolean,
  restoreDrill: boolean,
): RuleGroup[] {
  const velero = platformServiceAccount('velero').namespace;
  const labels = (severity: Severity, extra: Record<string, string> = {}) => ({
    severity,
    team: PLATFORM_TEAM,
    namespace: velero,
    ...extra,
  });
  const rules: AlertingRule[] = [];
  for (const schedule of schedules) {
    const series = `velero_backup_last_successful_timestamp{schedule="${schedule.name}"}`;
    const window = `${schedule.rpoMinutes}m`;
    rules.push({
      alert: 'BackupRecoveryPointTooOld',
      expr: `(time() - max by (schedule) (max_over_time(${series}[${window}]))) > ${schedule.rpoMinutes * 60} or absent_over_time(${series}[${window}])`,
      labels: labels(pageOnRpo ? Severity.CRITICAL : Severity.WARNING, { schedule: schedule.name }),
      annotations: {
        summary: `No successful Velero backup "${schedule.name}" within its RPO of ${schedule.rpoMinutes} minutes`,
        description: `The newest successful backup of schedule ${schedule.name} is older than ${schedule.rpoMinutes} minutes (or Velero reports none): a restore now would lose more than the recovery point objective allows.`,
        runbook_url: runbookUrl('BackupRecoveryPointTooOld'),
      },
    });
  }
  for (const schedule of schedules) {
    const selector = `{schedule="${schedule.name}"}`;
    const window = `${schedule.rpoMinutes}m`;
    rules.push({
      alert: 'BackupFailing',
      expr: `sum by (schedule) (increase(velero_backup_failure_total${selector}[${window}]) + increase(velero_backup_partial_failure_total${selector}[${window}])) > 0`,
      labels: labels(Severity.WARNING, { schedule: schedule.name }),
      annotations: {
        summary: `Velero backup "${schedule.name}" failed`,
        description: `A run of schedule ${schedule.name} failed or partially failed in the last ${schedule.rpoMinutes} minutes.`,
        runbook_url: runbookUrl('BackupFailing'),
      },
    });
  }
  if (!restoreDrill) return [{ name: 'backup', rules }];
  const cronJob = `{namespace="${velero}",cronjob="${RESTORE_DRILL}"}`;
  const maxAge = DRILL_MAX_AGE_HOURS * 3600;
  rules.push({
    alert: 'BackupRestoreDrillFailing',
    expr:
      `(time() - kube_cronjob_status_last_successful_time${cronJob}) > ${maxAge}` +
      ` or ((time() - kube_cronjob_created${cronJob}) > ${maxAge} unless on(namespace, cronjob) kube_cronjob_status_last_successful_time${cronJob})`,
    labels: labels(Severity.WARNING),
    annotations: {
      summary: 'The restore drill has not succeeded for a day',
      description: `CronJob ${velero}/${RESTORE_DRILL} restores the newest backup's canary into a scratch namespace daily; none succeeded in the last ${DRILL_MAX_AGE_HOURS} hours, so nobody knows whether the backups can be restored.`,
      runbook_url: runbookUrl('BackupRestoreDrillFailing'),
    },
  });
  return [{ name: 'backup', rules }];
}

export interface BackupRulesProps {
  readonly schedules: readonly BackupSchedule[];
  /** Whether an RPO breach pages (production) or opens a ticket. */
  readonly pageOnRpo: boolean;
  /** Whether the cluster runs the restore drill (and so its alert). */
  readonly restoreDrill: boolean;
}

/** The PrometheusRule of the backup component, in Velero's namespace. */
export class BackupRules extends Construct {
  constructor(scope: Construct, id: string, props: BackupRulesProps) {
    super(scope, id);
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'backup',
        namespace: platformServiceAccount('velero').namespace,
        labels: platformLabels(PlatformComponent.BACKUP),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: { groups: backupRuleGroups(props.schedules, props.pageOnRpo, props.restoreDrill) },
    });
  }
}
