import { WorkloadKind } from '../../lib/model/app-spec';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import type { AlertingRule, RuleGroup } from './prometheus-rule';
import { appContainerMatchers } from './selectors';
import { Severity } from './severity';

/** Memory working set over the limit above which an app is about to be OOM-killed. */
export const MEMORY_NEAR_LIMIT_RATIO = 0.9;

/**
 * Alerts every app gets, from kube-state-metrics and cAdvisor series of its namespace: crash looping, pods not
 * ready (long-running apps), memory near its limit, autoscaler pinned at its maximum (autoscaled apps) and
 * failed runs (cron jobs). All are tickets (warning) for the owning team.
 */
export function standardAlertRules(app: ResolvedApp): AlertingRule[] {
  const container = appContainerMatchers(app);
  // `namespace` is static: several expressions aggregate it away (`max by (pod, container)`), and
  // Alertmanager groups and inhibits on it.
  const labels = { severity: Severity.WARNING, team: app.team, app: app.name, namespace: app.name };
  const rules: AlertingRule[] = [];
  if (app.kind !== WorkloadKind.CRON_JOB) {
    rules.push(
      {
        alert: 'AppCrashLooping',
        expr: `max_over_time(kube_pod_container_status_waiting_reason{${container},reason="CrashLoopBackOff"}[5m]) >= 1`,
        for: '15m',
        labels,
        annotations: {
          summary: `${app.name}: a container keeps crashing`,
          description: `Pod {{ $labels.pod }} of ${app.name} has been in CrashLoopBackOff for 15 minutes; check its logs and last termination reason.`,
        },
      },
      {
        alert: 'AppPodsNotReady',
        expr: `kube_deployment_status_replicas_unavailable{namespace="${app.name}",deployment="${app.name}"} > 0`,
        for: '15m',
        labels,
        annotations: {
          summary: `${app.name}: pods are not ready`,
          description: `{{ $value }} replica(s) of ${app.name} have not been ready for 15 minutes.`,
        },
      },
    );
  }
  rules.push({
    alert: 'AppMemoryNearLimit',
    expr:
      `max by (pod, container) (container_memory_working_set_bytes{${container}})\n/\n` +
      `max by (pod, container) (kube_pod_container_resource_limits{${container},resource="memory"})\n` +
      `> ${MEMORY_NEAR_LIMIT_RATIO}`,
    for: '15m',
    labels,
    annotations: {
      summary: `${app.name}: memory is close to its limit`,
      description: `Pod {{ $labels.pod }} of ${app.name} uses {{ $value | humanizePercentage }} of its memory limit; it will be OOM-killed at 100%. Raise memoryLimitMi or find the leak.`,
    },
  });
  if (app.autoscaling !== undefined) {
    const hpa = `namespace="${app.name}",horizontalpodautoscaler="${app.name}"`;
    rules.push({
      alert: 'AppAutoscalerAtMax',
      expr:
        `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{${hpa}})\n>=\n` +
        `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{${hpa}})`,
      for: '15m',
      labels,
      annotations: {
        summary: `${app.name}: autoscaler is at its maximum`,
        description: `${app.name} has run at maxReplicas (${app.autoscaling.maxReplicas}) for 15 minutes; it cannot scale further if load grows.`,
      },
    });
  }
  if (app.kind === WorkloadKind.CRON_JOB) {
    rules.push({
      alert: 'AppJobFailed',
      // kube_job_failed{condition="true"} is 1 only once the Job has the Failed condition, i.e. its retries
      // (backoffLimit) are spent; kube_job_status_failed counts failed pods and stays above 0 for a run that
      // failed once and then succeeded on retry, until the Job is garbage-collected.
      expr: `max by (job_name) (kube_job_failed{namespace="${app.name}",condition="true"}) > 0`,
      for: '1m',
      labels,
      annotations: {
        summary: `${app.name}: a run failed`,
        description: `Job {{ $labels.job_name }} of ${app.name} failed after its retries; the next scheduled run will try again.`,
      },
    });
  }
  return rules;
}

/** The standard alerts as one rule group. */
export function standardRuleGroup(app: ResolvedApp): RuleGroup {
  return { name: `${app.name}.standard`, rules: standardAlertRules(app) };
}
