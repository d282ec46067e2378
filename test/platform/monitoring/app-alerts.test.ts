import { describe, expect, it } from 'vitest';
import type { AlertingRule } from '../../../platform/monitoring/prometheus-rule';
import { cronJob, field, render, stagingCluster, webService, worker } from '../fixtures';
import type { AppSpec } from '../../../lib/model/app-spec';

function standardAlerts(spec: AppSpec): AlertingRule[] {
  const rule = render(stagingCluster(), [spec]).object(`${spec.name}/prometheusrule-${spec.name}.yaml`);
  const groups = field(rule, 'spec.groups') as { name: string; rules: AlertingRule[] }[];
  return groups.find((group) => group.name === `${spec.name}.standard`)!.rules;
}

describe('standard app alerts', () => {
  it('pages when a web service is unavailable, tickets the rest, for the owning team', () => {
    const alerts = standardAlerts(webService());
    const page = { severity: 'critical', team: 'edge', app: 'gateway', namespace: 'gateway' };
    const ticket = { ...page, severity: 'warning' };
    expect(alerts.map((alert) => [alert.alert, alert.for, alert.labels])).toEqual([
      ['AppUnavailable', '3m', page],
      ['AppCrashLooping', '15m', ticket],
      ['AppPodsNotReady', '15m', ticket],
      ['AppCpuAboveRequest', '15m', ticket],
      ['AppMemoryNearLimit', '15m', ticket],
      ['AppAutoscalerAtMax', '15m', ticket],
      ['AppLatencyHigh', '10m', ticket],
      ['AppErrorsHigh', '5m', ticket],
      ['AppErrorRatioHigh', '5m', ticket],
    ]);
    const expr = (name: string): string => alerts.find((alert) => alert.alert === name)!.expr;
    expect(expr('AppUnavailable')).toBe(
      'max(kube_deployment_status_replicas_available{namespace="gateway",deployment="gateway"}) < 1\n' +
        'and on () max(kube_deployment_spec_replicas{namespace="gateway",deployment="gateway"}) > 0\n' +
        'or on ()\nsum(up{job="gateway",namespace="gateway"}) == 0\n' +
        'or on ()\nmax(absent(up{job="gateway",namespace="gateway"}))',
    );
    expect(expr('AppMemoryNearLimit')).toBe(
      'max by (pod, container) (container_memory_working_set_bytes{namespace="gateway",container="gateway"})\n/\n' +
        'max by (pod, container) (kube_pod_container_resource_limits{namespace="gateway",container="gateway",resource="memory"})\n' +
        '> 0.8',
    );
    expect(expr('AppCpuAboveRequest')).toBe(
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="gateway",container="gateway"}[5m]))\n/\n' +
        'sum by (pod) (kube_pod_container_resource_requests{namespace="gateway",container="gateway",resource="cpu"})\n> 0.8',
    );
    expect(expr('AppLatencyHigh')).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="gateway",namespace="gateway"}[5m])))\n> 0.5',
    );
    expect(expr('AppErrorsHigh')).toBe(
      'sum(rate(http_requests_total{job="gateway",namespace="gateway",code=~"5.."}[5m])) * 60 > 10',
    );
    for (const alert of alerts) {
      expect(alert.annotations.runbook_url).toBe(
        `https://github.com/acme/platform-gitops/blob/main/docs/runbooks.md#${alert.alert.toLowerCase()}`,
      );
    }
  });

  it('has no autoscaler and no HTTP alerts for a worker with fixed replicas', () => {
    expect(standardAlerts(worker({ replicas: 2 })).map((alert) => alert.alert)).toEqual([
      'AppUnavailable',
      'AppCrashLooping',
      'AppPodsNotReady',
      'AppCpuAboveRequest',
      'AppMemoryNearLimit',
    ]);
  });

  it('alerts a cron job on failed runs, crash loops, CPU and memory, not on readiness or availability', () => {
    const alerts = standardAlerts(cronJob());
    expect(alerts.map((alert) => alert.alert)).toEqual([
      'AppCrashLooping',
      'AppCpuAboveRequest',
      'AppMemoryNearLimit',
      'AppJobFailed',
    ]);
    expect(alerts[3]).toMatchObject({
      expr: 'max by (job_name) (kube_job_failed{namespace="report",condition="true"}) > 0',
      for: '1m',
      labels: { severity: 'warning', team: 'storefront', app: 'report', namespace: 'report' },
    });
  });

  it('alerts on CPU near the limit only where the app sets cpuLimitMilli', () => {
    const alerts = standardAlerts(worker({ resources: { cpuRequestMilli: 100, cpuLimitMilli: 500 } }));
    expect(alerts.find((alert) => alert.alert === 'AppCpuNearLimit')?.expr).toContain(
      'kube_pod_container_resource_limits{namespace="worker",container="worker",resource="cpu"})\n> 0.8',
    );
  });

  it('pages on a traffic drop below the minimum request rate the app declares', () => {
    const alerts = standardAlerts(webService({ alerts: { minRequestsPerSecond: 0.5 } }));
    expect(alerts.find((alert) => alert.alert === 'AppNoTraffic')).toMatchObject({
      expr: '(sum(rate(http_requests_total{job="gateway",namespace="gateway"}[5m])) or on () vector(0)) < 0.5',
      labels: { severity: 'critical', team: 'edge' },
    });
    expect(standardAlerts(webService()).some((alert) => alert.alert === 'AppNoTraffic')).toBe(false);
  });

  it('takes thresholds from the app, then the cluster alertDefaults, then the defaults; a cluster may override per app', () => {
    const base = stagingCluster();
    const monitoring = base.platform!.monitoring!;
    const definition = {
      ...base,
      platform: {
        ...base.platform,
        monitoring: { ...monitoring, alertDefaults: { memoryLimitPercent: 70, latencyP95Ms: 300 } },
      },
      apps: { gateway: { alerts: { errorsPerMinute: 30 } } },
    };
    const spec = webService({ alerts: { latencyP95Ms: 1000 } });
    const rule = render(definition, [spec]).object('gateway/prometheusrule-gateway.yaml');
    const groups = field(rule, 'spec.groups') as { name: string; rules: AlertingRule[] }[];
    const alerts = groups.find((group) => group.name === 'gateway.standard')!.rules;
    const expr = (name: string): string => alerts.find((alert) => alert.alert === name)!.expr;
    expect(expr('AppMemoryNearLimit')).toMatch(/> 0\.7$/);
    expect(expr('AppLatencyHigh')).toMatch(/> 1$/);
    expect(expr('AppErrorsHigh')).toMatch(/\* 60 > 30$/);
    expect(expr('AppErrorRatioHigh')).toContain('> 0.05');
  });

  it('fires AppJobFailed only for a Job whose retries are spent, not for a run that succeeded on retry', () => {
    const expr = standardAlerts(cronJob()).find((alert) => alert.alert === 'AppJobFailed')!.expr;
    // kube_job_status_failed counts failed pods: it stays above 0 for a run that failed once, then succeeded.
    expect(expr).not.toContain('kube_job_status_failed');
    expect(expr).toContain('kube_job_failed{namespace="report",condition="true"}');
  });

  it('labels every standard alert with its namespace, which `max by (pod, container)` and `max by (job_name)` drop', () => {
    for (const spec of [webService(), worker(), cronJob()]) {
      for (const alert of standardAlerts(spec)) {
        expect(alert.labels, `${spec.name} ${alert.alert}`).toMatchObject({ namespace: spec.name, app: spec.name });
      }
    }
  });

  it('gives every app a PrometheusRule in its own namespace, metrics or not', () => {
    const rendered = render(stagingCluster(), [cronJob()]);
    expect(rendered.object('report/prometheusrule-report.yaml')).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'report', namespace: 'report', labels: { team: 'storefront' } },
    });
  });

  it('renders no monitoring objects in a cluster without monitoring', () => {
    const cluster = stagingCluster();
    const rendered = render({ ...cluster, platform: { ...cluster.platform, monitoring: undefined } }, [webService()]);
    expect(rendered.paths.filter((path) => /prometheusrule|servicemonitor|dashboard/.test(path))).toEqual([]);
    expect(rendered.paths.some((path) => path.startsWith('monitoring/'))).toBe(false);
  });
});
