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
  it('alerts on crash loops, unready pods, memory near the limit and the autoscaler at its maximum', () => {
    const alerts = standardAlerts(webService());
    expect(alerts.map((alert) => [alert.alert, alert.for, alert.labels])).toEqual([
      ['AppCrashLooping', '15m', { severity: 'warning', team: 'edge', app: 'gateway', namespace: 'gateway' }],
      ['AppPodsNotReady', '15m', { severity: 'warning', team: 'edge', app: 'gateway', namespace: 'gateway' }],
      ['AppMemoryNearLimit', '15m', { severity: 'warning', team: 'edge', app: 'gateway', namespace: 'gateway' }],
      ['AppAutoscalerAtMax', '15m', { severity: 'warning', team: 'edge', app: 'gateway', namespace: 'gateway' }],
    ]);
    expect(alerts.map((alert) => alert.expr)).toEqual([
      'max_over_time(kube_pod_container_status_waiting_reason{namespace="gateway",container="gateway",reason="CrashLoopBackOff"}[5m]) >= 1',
      'kube_deployment_status_replicas_unavailable{namespace="gateway",deployment="gateway"} > 0',
      'max by (pod, container) (container_memory_working_set_bytes{namespace="gateway",container="gateway"})\n/\n' +
        'max by (pod, container) (kube_pod_container_resource_limits{namespace="gateway",container="gateway",resource="memory"})\n' +
        '> 0.9',
      'max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace="gateway",horizontalpodautoscaler="gateway"})\n>=\n' +
        'max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{namespace="gateway",horizontalpodautoscaler="gateway"})',
    ]);
  });

  it('has no autoscaler alert for an app with fixed replicas', () => {
    expect(standardAlerts(worker({ replicas: 2 })).map((alert) => alert.alert)).toEqual([
      'AppCrashLooping',
      'AppPodsNotReady',
      'AppMemoryNearLimit',
    ]);
  });

  it('alerts a cron job on failed runs and memory, not on crash loops or readiness', () => {
    const alerts = standardAlerts(cronJob());
    expect(alerts.map((alert) => alert.alert)).toEqual(['AppMemoryNearLimit', 'AppJobFailed']);
    expect(alerts[1]).toMatchObject({
      expr: 'max by (job_name) (kube_job_failed{namespace="report",condition="true"}) > 0',
      for: '1m',
      labels: { severity: 'warning', team: 'storefront', app: 'report', namespace: 'report' },
    });
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
