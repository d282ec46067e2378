import { WorkloadKind } from '../../lib/model/app-spec';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { alertingRule, type AlertingRule, type RuleGroup } from './prometheus-rule';
import { appContainerMatchers, appSeriesMatchers, formatNumber, replicaSeries } from './selectors';
import { Severity } from './severity';

/** Container waiting reasons that mean the app's container cannot run: it crashes, or it never starts. */
const STUCK_REASONS = 'CrashLoopBackOff|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|CreateContainerError';

/**
 * Alerts every app gets, with thresholds from `app.alerts` (the app's `alerts`, the cluster's alertDefaults,
 * DEFAULTS). Pages (critical): the app is unavailable (no ready pod, or no scrape target up) and its traffic
 * dropped below the declared minimum. Tickets (warning): crash loops (every kind), pods not ready,
 * CPU above its request or near its limit, memory near its limit, the autoscaler at its maximum, and for web
 * services with metrics high p95 latency, many 5xx per minute and a high 5xx ratio; failed runs of cron jobs.
 * Every alert carries `severity`, `team`, `app`, `namespace` and a `runbook_url` (docs/runbooks.md).
 */
export function standardAlertRules(app: ResolvedApp): AlertingRule[] {
  const container = appContainerMatchers(app);
  const thresholds = app.alerts;
  // `namespace` is static: several expressions aggregate it away (`max by (pod, container)`), and
  // Alertmanager groups and inhibits on it.
  const base = { team: app.team, app: app.name, namespace: app.name };
  const warning = { severity: Severity.WARNING, ...base };
  const critical = { severity: Severity.CRITICAL, ...base };
  const rule = alertingRule;
  const rules: AlertingRule[] = [];
  const longRunning = app.kind !== WorkloadKind.CRON_JOB;
  const replicas = replicaSeries(app);
  const scraped = app.metrics !== undefined && longRunning;

  if (longRunning) {
    const unavailable = `${thresholds.unavailableForMinutes}m`;
    const noReadyPod = `max(${replicas.available}) < 1\n` + `and on () max(${replicas.desired}) > 0`;
    const targetsDown = scraped
      ? `\nor on ()\nsum(up{${appSeriesMatchers(app)}}) == 0\nor on ()\nmax(absent(up{${appSeriesMatchers(app)}}))`
      : '';
    rules.push(
      rule(
        'AppUnavailable',
        `${noReadyPod}${targetsDown}`,
        unavailable,
        critical,
        `${app.name} is down: no pod is ready${scraped ? ' or no metrics target is up' : ''}`,
        `For ${unavailable}, ${app.name} has had no ready pod${scraped ? ', or Prometheus has found none of its pods up' : ''}: nothing serves its work. Check the Deployment's events, the pods' last termination reason and the node capacity.`,
      ),
    );
    const minimum = thresholds.minRequestsPerSecond;
    if (minimum !== undefined && app.metrics !== undefined) {
      rules.push(
        rule(
          'AppNoTraffic',
          `(sum(rate(${app.httpMetrics.requestsTotal}{${appSeriesMatchers(app)}}[5m])) or on () vector(0)) < ${formatNumber(minimum)}`,
          '5m',
          critical,
          `${app.name} receives (almost) no requests`,
          `${app.name} has served fewer than ${formatNumber(minimum)} requests per second (alerts.minRequestsPerSecond) for 10 minutes: {{ $value | humanize }}/s. Check its ingress, DNS, its clients and AppUnavailable.`,
        ),
      );
    }
  }

  rules.push(
    rule(
      'AppCrashLooping',
      `max_over_time(kube_pod_container_status_waiting_reason{${container},reason=~"${STUCK_REASONS}"}[5m]) >= 1`,
      '15m',
      warning,
      `${app.name}: a container keeps crashing or cannot start`,
      `Pod {{ $labels.pod }} of ${app.name} has been waiting in {{ $labels.reason }} for 15 minutes; check its logs, its last termination reason and its image.`,
    ),
  );
  if (longRunning) {
    rules.push(
      rule(
        'AppPodsNotReady',
        `${replicas.unavailable} > 0`,
        '15m',
        warning,
        `${app.name}: pods are not ready`,
        `{{ $value }} replica(s) of ${app.name} have not been ready for 15 minutes.`,
      ),
    );
  }

  const cpuUsage = `sum by (pod) (rate(container_cpu_usage_seconds_total{${container}}[5m]))`;
  rules.push(
    rule(
      'AppCpuAboveRequest',
      `${cpuUsage}\n/\nsum by (pod) (kube_pod_container_resource_requests{${container},resource="cpu"})\n> ${formatNumber(thresholds.cpuRequestPercent / 100)}`,
      '15m',
      warning,
      `${app.name}: CPU usage is above ${formatNumber(thresholds.cpuRequestPercent)}% of its request`,
      `Pod {{ $labels.pod }} of ${app.name} has used {{ $value | humanizePercentage }} of its CPU request (cpuRequestMilli ${app.resources.cpuRequestMilli}m) for 15 minutes; the scheduler plans nodes by requests, so raise it or scale out.`,
    ),
  );
  if (app.resources.cpuLimitMilli !== undefined) {
    rules.push(
      rule(
        'AppCpuNearLimit',
        `${cpuUsage}\n/\nsum by (pod) (kube_pod_container_resource_limits{${container},resource="cpu"})\n> ${formatNumber(thresholds.cpuLimitPercent / 100)}`,
        '15m',
        warning,
        `${app.name}: CPU usage is close to its limit`,
        `Pod {{ $labels.pod }} of ${app.name} has used {{ $value | humanizePercentage }} of its CPU limit (cpuLimitMilli ${app.resources.cpuLimitMilli}m) for 15 minutes; it is throttled at 100%.`,
      ),
    );
  }
  rules.push(
    rule(
      'AppMemoryNearLimit',
      `max by (pod, container) (container_memory_working_set_bytes{${container}})\n/\n` +
        `max by (pod, container) (kube_pod_container_resource_limits{${container},resource="memory"})\n` +
        `> ${formatNumber(thresholds.memoryLimitPercent / 100)}`,
      '15m',
      warning,
      `${app.name}: memory is close to its limit`,
      `Pod {{ $labels.pod }} of ${app.name} uses {{ $value | humanizePercentage }} of its memory limit; it will be OOM-killed at 100%. Raise memoryLimitMi or find the leak.`,
    ),
  );
  if (app.autoscaling !== undefined) {
    const hpa = `namespace="${app.name}",horizontalpodautoscaler="${app.name}"`;
    rules.push(
      rule(
        'AppAutoscalerAtMax',
        `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{${hpa}})\n>=\n` +
          `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{${hpa}})`,
        '15m',
        warning,
        `${app.name}: autoscaler is at its maximum`,
        `${app.name} has run at maxReplicas (${app.autoscaling.maxReplicas}) for 15 minutes; it cannot scale further if load grows.`,
      ),
    );
  }

  if (app.kind === WorkloadKind.WEB_SERVICE && app.metrics !== undefined) {
    const { requestsTotal, statusCodeLabel, durationHistogram } = app.httpMetrics;
    const series = appSeriesMatchers(app);
    const errors = `sum(rate(${requestsTotal}{${series},${statusCodeLabel}=~"5.."}[5m]))`;
    const requests = `sum(rate(${requestsTotal}{${series}}[5m]))`;
    rules.push(
      rule(
        'AppLatencyHigh',
        `histogram_quantile(0.95, sum by (le) (rate(${durationHistogram}_bucket{${series}}[5m])))\n> ${formatNumber(thresholds.latencyP95Ms / 1000)}`,
        '10m',
        warning,
        `${app.name}: p95 latency is above ${formatNumber(thresholds.latencyP95Ms)} ms`,
        `95% of ${app.name}'s requests took up to {{ $value | humanizeDuration }} over the last 5 minutes, for 10 minutes (alerts.latencyP95Ms ${formatNumber(thresholds.latencyP95Ms)}).`,
      ),
      rule(
        'AppErrorsHigh',
        `${errors} * 60 > ${formatNumber(thresholds.errorsPerMinute)}`,
        '5m',
        warning,
        `${app.name}: more than ${formatNumber(thresholds.errorsPerMinute)} errors per minute`,
        `${app.name} has answered {{ $value | humanize }} requests per minute with a 5xx status, over 5 minutes (alerts.errorsPerMinute ${formatNumber(thresholds.errorsPerMinute)}).`,
      ),
      rule(
        'AppErrorRatioHigh',
        `${errors}\n/\n(${requests} > 0)\n> ${formatNumber(thresholds.errorRatioPercent / 100)}\n` +
          `and on () sum(increase(${requestsTotal}{${series}}[5m])) >= ${DEFAULTS.sloMinEventsPerWindow}`,
        '5m',
        warning,
        `${app.name}: more than ${formatNumber(thresholds.errorRatioPercent)}% of requests fail`,
        `{{ $value | humanizePercentage }} of ${app.name}'s requests have failed with a 5xx status over 5 minutes (alerts.errorRatioPercent ${formatNumber(thresholds.errorRatioPercent)}).`,
      ),
    );
  }

  if (app.kind === WorkloadKind.CRON_JOB) {
    rules.push(
      // kube_job_failed{condition="true"} is 1 only once the Job has the Failed condition, i.e. its retries
      // (backoffLimit) are spent; kube_job_status_failed counts failed pods and stays above 0 for a run that
      // failed once and then succeeded on retry, until the Job is garbage-collected.
      rule(
        'AppJobFailed',
        `max by (job_name) (kube_job_failed{namespace="${app.name}",condition="true"}) > 0`,
        '1m',
        warning,
        `${app.name}: a run failed`,
        `Job {{ $labels.job_name }} of ${app.name} failed after its retries; the next scheduled run will try again.`,
      ),
    );
  }
  return rules;
}

/** The standard alerts as one rule group. */
export function standardRuleGroup(app: ResolvedApp): RuleGroup {
  return { name: `${app.name}.standard`, rules: standardAlertRules(app) };
}
