import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AppSpec } from '../../../lib/model/app-spec';
import { REVISION_ARG, TOO_FEW_REQUESTS } from '../../../platform/rollouts/slo-analysis';
import { webService } from '../fixtures';
import { folderObjects, type Obj, rolloutsCluster, synthFixture } from '../../support/delivery';
import { requireToolInCi, runToolAsync, toolVersion } from '../../support/prom-tools';

const canary = (overrides: Partial<AppSpec> = {}): AppSpec =>
  webService({ delivery: { strategy: 'canary', steps: [10, 50, 100], pauseMinutes: 5 }, ...overrides });

function objectsOf(spec: AppSpec, cluster = rolloutsCluster()): Map<string, Obj> {
  return folderObjects(synthFixture(cluster, [spec]), spec.name);
}

/** The threshold of a metric, read back from its conditions (which must agree). */
function threshold(metric: { successCondition: string; failureCondition: string }): number {
  const failure = /^result\[0\] > ([\d.e-]+)$/.exec(metric.failureCondition)?.[1];
  const success = /^result\[0\] >= 0 && result\[0\] <= ([\d.e-]+)$/.exec(metric.successCondition)?.[1];
  expect(success).toBe(failure);
  return Number(failure);
}

describe('SLO analysis of a Rollout', () => {
  it('runs after each pause of the canary, on the newest revision, with the template it names', () => {
    const objects = objectsOf(canary());
    const rollout = objects.get('Rollout/gateway')!;
    const steps = rollout.spec.strategy.canary.steps as Record<string, Record<string, unknown>>[];
    expect(steps.map((step) => Object.keys(step)[0])).toEqual([
      'setWeight',
      'pause',
      'analysis',
      'setWeight',
      'pause',
      'analysis',
    ]);
    const analysis = steps[2]!.analysis as { templates: { templateName: string }[]; args: unknown[] };
    const template = objects.get(`AnalysisTemplate/${analysis.templates[0]!.templateName}`);
    expect(template, 'the analysis step names a rendered AnalysisTemplate').toBeDefined();
    expect(template!.spec.args).toEqual([{ name: REVISION_ARG }]);
    expect(analysis.args).toEqual([{ name: REVISION_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }]);
    // One metric per objective of the SLO (the fixture has availability and latency).
    expect(template!.spec.metrics.map((metric: { name: string }) => metric.name)).toEqual([
      'availability-error-ratio',
      'latency-error-ratio',
    ]);
    for (const metric of template!.spec.metrics) {
      expect(metric).toMatchObject({ count: 1, failureLimit: 0, inconclusiveLimit: 0 });
      expect(metric.provider.prometheus.query).toContain(`rollouts_pod_template_hash="{{args.${REVISION_ARG}}}"`);
    }
  });

  it('fails a canary at the error ratio of the fastest page: 14.4 times the budget of a 30-day SLO', () => {
    const template = objectsOf(canary()).get('AnalysisTemplate/gateway-slo')!;
    const [availability, latency] = template.spec.metrics;
    expect(threshold(availability)).toBeCloseTo(14.4 * 0.001, 12); // 99.9%
    expect(threshold(latency)).toBeCloseTo(14.4 * 0.01, 12); // 99% within 250 ms
  });

  it('is left out where nothing could be measured: no SLO, no monitoring, or no pause to judge', () => {
    const noMonitoring = rolloutsCluster();
    const platform = { ...noMonitoring.platform };
    delete platform.monitoring;
    const staging = rolloutsCluster('staging', {
      apps: { gateway: { delivery: { strategy: 'canary', pauseMinutes: 0 } } },
    });
    for (const objects of [
      objectsOf(canary({ slo: undefined })),
      objectsOf(canary(), { ...noMonitoring, platform }),
      objectsOf(canary(), staging),
    ]) {
      expect([...objects.keys()].filter((key) => key.startsWith('AnalysisTemplate/'))).toEqual([]);
      const steps = objects.get('Rollout/gateway')!.spec.strategy.canary.steps as object[];
      expect(steps.filter((step) => 'analysis' in step)).toEqual([]);
    }
  });

  it('judges a blue-green version after the switch, waiting for real traffic first', () => {
    const objects = objectsOf(webService({ delivery: { strategy: 'blueGreen' } }));
    const strategy = objects.get('Rollout/gateway')!.spec.strategy.blueGreen;
    const template = objects.get(`AnalysisTemplate/${strategy.postPromotionAnalysis.templates[0].templateName}`)!;
    for (const metric of template.spec.metrics) expect(metric.initialDelay).toBe('5m');
    expect(strategy.scaleDownDelaySeconds).toBeGreaterThan(5 * 60);
  });
});

const promtool = requireToolInCi('promtool');

/** Counter samples for promtool: `perMinute` more every minute for `minutes` minutes. */
const counter = (perMinute: number, minutes: number) =>
  perMinute === 0 ? `0x${minutes}` : `0+${perMinute}x${minutes}`;

describe.skipIf(promtool === undefined)(
  `SLO analysis queries under promtool (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    const template = objectsOf(canary()).get('AnalysisTemplate/gateway-slo')!;
    const metrics = template.spec.metrics as {
      name: string;
      successCondition: string;
      failureCondition: string;
      provider: { prometheus: { query: string } };
    }[];
    /** Alert rules that fire when a metric's measurement passes, fails or is inconclusive. */
    const rules = {
      groups: [
        {
          name: 'analysis',
          rules: metrics.flatMap((metric) => {
            const query = metric.provider.prometheus.query.replaceAll(`{{args.${REVISION_ARG}}}`, 'canary1');
            const limit = threshold(metric);
            const outcome = (name: string, expr: string) => ({ alert: name, expr, labels: { metric: metric.name } });
            return [
              outcome('Passes', `(${query}) >= 0 and (${query}) <= ${limit}`),
              outcome('Fails', `(${query}) > ${limit}`),
              outcome('Inconclusive', `(${query}) == ${TOO_FEW_REQUESTS}`),
            ];
          }),
        },
      ],
    };

    it('promtool check rules accepts every query', async () => {
      const result = await runToolAsync(promtool!, ['check', 'rules', 'rules.yaml'], {
        'rules.yaml': stringify(rules),
      });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    /** Series of one revision's pods: requests per minute, how many fail (5xx) and how many are slow. */
    const revision = (hash: string, perMinute: number, errors: number, slow: number) => {
      const labels = `job="gateway",namespace="gateway",rollouts_pod_template_hash="${hash}"`;
      return [
        { series: `http_requests_total{${labels},code="200"}`, values: counter(perMinute - errors, 10) },
        { series: `http_requests_total{${labels},code="500"}`, values: counter(errors, 10) },
        { series: `http_request_duration_seconds_bucket{${labels},le="0.25"}`, values: counter(perMinute - slow, 10) },
        { series: `http_request_duration_seconds_count{${labels}}`, values: counter(perMinute, 10) },
      ];
    };
    const scenario = (inputs: object[], firing: Record<string, string[]>) => ({
      interval: '1m',
      input_series: inputs,
      alert_rule_test: ['Passes', 'Fails', 'Inconclusive'].map((alertname) => ({
        eval_time: '10m',
        alertname,
        exp_alerts: (firing[alertname] ?? []).map((metric) => ({ exp_labels: { metric } })),
      })),
    });
    const both = ['availability-error-ratio', 'latency-error-ratio'];

    it.each([
      [
        'a healthy canary passes, whatever the stable pods do',
        [...revision('canary1', 100, 0, 0), ...revision('stable1', 1000, 500, 500)],
        { Passes: both },
      ],
      ['a canary failing one request in five fails both objectives', revision('canary1', 100, 20, 20), { Fails: both }],
      [
        'a slow canary fails the latency objective only',
        revision('canary1', 100, 0, 30),
        {
          Passes: ['availability-error-ratio'],
          Fails: ['latency-error-ratio'],
        },
      ],
      [
        'an idle canary (a few requests, all failing) is inconclusive, not failed',
        revision('canary1', 2, 2, 2),
        { Inconclusive: both },
      ],
      [
        'a canary with no series at all is inconclusive, not passed',
        revision('stable1', 100, 0, 0),
        { Inconclusive: both },
      ],
    ])('%s', async (_name, inputs, firing) => {
      const result = await runToolAsync(promtool!, ['test', 'rules', 'test.yaml'], {
        'rules.yaml': stringify(rules),
        'test.yaml': stringify({ rule_files: ['rules.yaml'], tests: [scenario(inputs, firing)] }),
      });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });
  },
);
