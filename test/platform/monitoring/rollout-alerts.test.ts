import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AppSpec } from '../../../lib/model/app-spec';
import { webService } from '../fixtures';
import { folderObjects, type Obj, rolloutsCluster, synthFixture } from '../../support/delivery';
import { requireToolInCi, runToolAsync, toolVersion } from '../../support/prom-tools';

const canary = (pauseMinutes: number): AppSpec => webService({ delivery: { strategy: 'canary', pauseMinutes } });

function objectsOf(spec: AppSpec): Map<string, Obj> {
  return folderObjects(synthFixture(rolloutsCluster(), [spec]), spec.name);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('monitoring of Rollouts', () => {
  it('labels each series with the revision and the side (canary/stable) of its pod', () => {
    const endpoint = objectsOf(canary(5)).get('ServiceMonitor/gateway')!.spec.endpoints[0];
    expect(endpoint.relabelings).toEqual([
      {
        sourceLabels: ['__meta_kubernetes_pod_label_rollouts_pod_template_hash'],
        targetLabel: 'rollouts_pod_template_hash',
      },
      { sourceLabels: ['__meta_kubernetes_pod_label_rollout_role'], targetLabel: 'rollout_role' },
    ]);
    expect(objectsOf(webService()).get('ServiceMonitor/gateway')!.spec.endpoints[0].relabelings).toBeUndefined();
  });

  it('shows error ratio and latency by rollout side on the dashboard', () => {
    const configMap = objectsOf(canary(5)).get('ConfigMap/gateway-dashboard')!;
    const dashboard = JSON.parse(Object.values(configMap.data as Record<string, string>)[0]!);
    const panels = (dashboard.panels as Any[]).filter((panel) => /by rollout side/.test(panel.title));
    expect(panels.map((panel) => panel.title)).toEqual([
      'Error ratio (5xx) by rollout side',
      'p95 duration by rollout side',
    ]);
    for (const panel of panels) expect(panel.targets[0].expr).toContain('by (');
    expect(panels.every((panel) => panel.targets[0].legendFormat === '{{rollout_role}}')).toBe(true);
  });

  it('reads replicas from the Rollout controller, since kube-state-metrics has no Rollouts', () => {
    const rule = objectsOf(canary(5)).get('PrometheusRule/gateway')!;
    const alerts = (rule.spec.groups as Any[]).flatMap((group) => group.rules).filter((r: Any) => r.alert);
    const unavailable = alerts.find((r: Any) => r.alert === 'AppUnavailable');
    expect(unavailable.expr).toContain('rollout_info_replicas_available{namespace="gateway",name="gateway"}');
    expect(unavailable.expr).not.toContain('kube_deployment');
  });
});

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `Rollout alerts under promtool (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    const groups = (spec: AppSpec) =>
      (objectsOf(spec).get('PrometheusRule/gateway')!.spec.groups as Any[])
        .filter((group) => group.name === 'gateway.rollout')
        .map((group) => ({
          ...group,
          rules: group.rules.map(({ annotations: _, ...rule }: Any) => rule),
        }));
    const info = (phase: string) =>
      `rollout_info{namespace="gateway",name="gateway",strategy="canary",traffic_router="ALB",phase="${phase}"}`;
    const labels = { severity: 'warning', team: 'edge', app: 'gateway', namespace: 'gateway' };

    it.each([
      // Paused through one 10-minute step is normal; after the step plus 30 minutes it is not.
      [
        'RolloutPausedTooLong',
        10,
        [{ series: info('Paused'), values: '1x60' }],
        [
          ['35m', false],
          ['41m', true],
        ],
      ],
      ['RolloutAborted', 10, [{ series: info('Degraded'), values: '1x10' }], [['2m', true]]],
      ['RolloutAborted', 10, [{ series: info('Healthy'), values: '1x10' }], [['5m', false]]],
    ] as const)('%s (pause %i minutes)', async (alertname, pause, series, checks) => {
      const test = {
        rule_files: ['rules.yaml'],
        tests: [
          {
            interval: '1m',
            input_series: series,
            alert_rule_test: checks.map(([at, firing]) => ({
              eval_time: at,
              alertname,
              exp_alerts: firing ? [{ exp_labels: labels }] : [],
            })),
          },
        ],
      };
      const result = await runToolAsync(promtool!, ['test', 'rules', 'test.yaml'], {
        'rules.yaml': stringify({ groups: groups(canary(pause)) }),
        'test.yaml': stringify(test),
      });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });
  },
);
