import { describe, expect, it } from 'vitest';
import type { AlertingRule, RecordingRule } from '../../../platform/monitoring/prometheus-rule';
import { BURN_RATE_ALERTS, burnRate, errorBudget, SLO_WINDOWS } from '../../../platform/monitoring/slo';
import { ConfigError, ConfigErrors } from '../../../lib/errors';
import type { AppSpec } from '../../../lib/model/app-spec';
import { field, render, resolveCluster, stagingCluster, webService } from '../fixtures';

interface Group {
  name: string;
  interval?: string;
  rules: (RecordingRule & AlertingRule)[];
}

function groups(spec = webService()): Group[] {
  const rule = render(stagingCluster(), [spec]).object(`${spec.name}/prometheusrule-${spec.name}.yaml`);
  return field(rule, 'spec.groups') as Group[];
}

/** The configuration errors of a project with this app, as the user reads them. */
function problems(spec: AppSpec): string[] {
  try {
    resolveCluster(stagingCluster(), [spec]);
    return [];
  } catch (error) {
    if (error instanceof ConfigErrors) return error.errors.map((e) => e.message);
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
}

function group(name: string, spec = webService()): Group {
  const found = groups(spec).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
}

describe('SLO burn-rate alerts (SRE workbook multi-window, multi-burn-rate)', () => {
  it('pages at 14.4x over 1h and 5m, and at 6x over 6h and 30m, with no for: delay and a minimum-event guard', () => {
    const alerts = group('gateway.slo.alerts').rules.filter((rule) => rule.labels.slo === 'availability');
    expect(alerts.slice(0, 2)).toEqual([
      {
        alert: 'AvailabilityErrorBudgetBurn',
        expr:
          'slo:sli_error:ratio_rate1h{app="gateway",slo="availability"} > (14.4 * 0.001)\n' +
          'and\n' +
          'slo:sli_error:ratio_rate5m{app="gateway",slo="availability"} > (14.4 * 0.001)\n' +
          'and\n' +
          'slo:sli_events:increase1h{app="gateway",slo="availability"} >= 20\n' +
          'and\n' +
          'slo:sli_events:increase5m{app="gateway",slo="availability"} >= 20',
        labels: {
          app: 'gateway',
          namespace: 'gateway',
          long_window: '1h',
          severity: 'critical',
          short_window: '5m',
          slo: 'availability',
          team: 'edge',
        },
        annotations: {
          summary: 'gateway is burning its availability error budget 14.4x too fast',
          description:
            'Over the last 1h and 5m, gateway failed its objective (99.9% of requests succeed (no 5xx) over 30 days) ' +
            'at 14.4 times the sustainable rate: 2% of the 30-day error budget is gone within 1h.',
          runbook_url: 'https://github.com/acme/platform-gitops/blob/main/docs/runbooks.md#availabilityerrorbudgetburn',
        },
      },
      expect.objectContaining({
        expr: expect.stringMatching(
          /^slo:sli_error:ratio_rate6h\{app="gateway",slo="availability"\} > \(6 \* 0\.001\)\nand\nslo:sli_error:ratio_rate30m/,
        ),
        labels: expect.objectContaining({ severity: 'critical', team: 'edge', long_window: '6h' }),
      }),
    ]);
    expect(alerts.every((alert) => alert.for === undefined)).toBe(true);
  });

  it('opens tickets at 3x over 1d and 2h, and at 1x over 3d and 6h', () => {
    const alerts = group('gateway.slo.alerts').rules.filter((rule) => rule.labels.slo === 'availability');
    expect(alerts.slice(2).map((rule) => [rule.expr.split('\nand\n').slice(0, 2), rule.labels.severity])).toEqual([
      [
        [
          'slo:sli_error:ratio_rate1d{app="gateway",slo="availability"} > (3 * 0.001)',
          'slo:sli_error:ratio_rate2h{app="gateway",slo="availability"} > (3 * 0.001)',
        ],
        'warning',
      ],
      [
        [
          'slo:sli_error:ratio_rate3d{app="gateway",slo="availability"} > (1 * 0.001)',
          'slo:sli_error:ratio_rate6h{app="gateway",slo="availability"} > (1 * 0.001)',
        ],
        'warning',
      ],
    ]);
  });

  it('takes the minimum-event guard from slo.minEventsPerWindow', () => {
    const spec = webService({ slo: { availabilityPercent: 99.9, minEventsPerWindow: 50 } });
    expect(group('gateway.slo.alerts', spec).rules[0]!.expr).toContain(
      'slo:sli_events:increase5m{app="gateway",slo="availability"} >= 50',
    );
  });

  it('alerts on the latency objective with its own 1% budget', () => {
    const latency = group('gateway.slo.alerts').rules.filter((rule) => rule.labels.slo === 'latency');
    expect(latency.map((rule) => rule.alert)).toEqual(Array(4).fill('LatencyErrorBudgetBurn'));
    expect(latency[0]!.expr).toMatch(
      /^slo:sli_error:ratio_rate1h\{app="gateway",slo="latency"\} > \(14\.4 \* 0\.01\)\nand\nslo:sli_error:ratio_rate5m\{app="gateway",slo="latency"\} > \(14\.4 \* 0\.01\)/,
    );
  });

  it('records the error ratio and the request count of the app own series for every window', () => {
    const recording = group('gateway.slo.recording');
    expect(recording.interval).toBe('30s');
    const availability = recording.rules.filter(
      (rule) => rule.labels?.slo === 'availability' && rule.record.startsWith('slo:sli_error'),
    );
    expect(availability.map((rule) => rule.record)).toEqual(SLO_WINDOWS.map((w) => `slo:sli_error:ratio_rate${w}`));
    expect(availability[0]).toEqual({
      record: 'slo:sli_error:ratio_rate5m',
      expr:
        '(sum(rate(http_requests_total{job="gateway",namespace="gateway",code=~"5.."}[5m])) or vector(0))\n' +
        '/\n' +
        '(sum(rate(http_requests_total{job="gateway",namespace="gateway"}[5m])) > 0)',
      labels: { app: 'gateway', slo: 'availability' },
    });
    expect(recording.rules).toContainEqual({
      record: 'slo:sli_events:increase1h',
      expr: 'sum(increase(http_requests_total{job="gateway",namespace="gateway"}[1h]))',
      labels: { app: 'gateway', slo: 'availability' },
    });
    expect(recording.rules).toContainEqual({
      record: 'slo:objective:ratio',
      expr: 'vector(0.999)',
      labels: { app: 'gateway', slo: 'availability' },
    });
  });

  it('records the error budget left and the burn rate over the whole SLO window', () => {
    const budget = group('gateway.slo.budget');
    expect(budget.interval).toBe('5m');
    const availability = budget.rules.filter((rule) => rule.labels?.slo === 'availability');
    expect(availability.slice(0, 2)).toEqual([
      {
        record: 'slo:sli_error:ratio_rate30d',
        expr: 'avg_over_time(slo:sli_error:ratio_rate5m{app="gateway",slo="availability"}[30d])',
        labels: { app: 'gateway', slo: 'availability' },
      },
      {
        record: 'slo:error_budget:remaining_ratio',
        expr: '1 - slo:sli_error:ratio_rate30d{app="gateway",slo="availability"} / 0.001',
        labels: { app: 'gateway', slo: 'availability' },
      },
    ]);
    expect(availability.slice(2).map((rule) => rule.record)).toEqual(
      [...SLO_WINDOWS, '30d'].map((w) => `slo:error_budget:burn_rate${w}`),
    );
    expect(availability.at(-1)?.expr).toBe('slo:sli_error:ratio_rate30d{app="gateway",slo="availability"} / 0.001');
  });

  it('measures latency against the histogram bucket of the threshold (250 ms -> le="0.25")', () => {
    const latency = group('gateway.slo.recording').rules.find(
      (rule) => rule.labels?.slo === 'latency' && rule.record === 'slo:sli_error:ratio_rate1h',
    );
    expect(latency?.expr).toBe(
      '1 - (\n' +
        '  sum(rate(http_request_duration_seconds_bucket{job="gateway",namespace="gateway",le=~"0\\\\.25"}[1h]))\n' +
        '  /\n' +
        '  (sum(rate(http_request_duration_seconds_count{job="gateway",namespace="gateway"}[1h])) > 0)\n' +
        ')',
    );
  });

  it('selects a whole-second bucket as Prometheus 2 and 3 store it: le="1" and le="1.0"', () => {
    const spec = webService({ slo: { availabilityPercent: 99.9, latencyThresholdMs: 1000 } });
    const latency = group('gateway.slo.recording', spec).rules.find(
      (rule) => rule.labels?.slo === 'latency' && rule.record === 'slo:sli_error:ratio_rate5m',
    );
    expect(latency?.expr).toContain('le=~"1(\\\\.0)?"');
  });

  it('labels every SLO alert with the app namespace, which the recorded ratios aggregate away', () => {
    const alerts = group('gateway.slo.alerts').rules;
    expect(alerts).toHaveLength(8);
    for (const alert of alerts) {
      expect(alert.labels).toMatchObject({ app: 'gateway', namespace: 'gateway' });
    }
  });

  it('rejects a latency threshold that is no bucket boundary of the histogram (le would match no series)', () => {
    const slo = { availabilityPercent: 99.9, latencyThresholdMs: 300 };
    expect(problems(webService({ slo }))).toEqual([
      'apps/gateway/index.ts: app "gateway": slo.latencyThresholdMs: 300 is not a bucket boundary of the app\'s latency histogram (le="0.3" would match no series); use one of 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 or set slo.histogramBucketsMs',
    ]);
    expect(problems(webService({ slo: { ...slo, histogramBucketsMs: [100, 200, 400] } }))).toEqual([
      'apps/gateway/index.ts: app "gateway": slo.latencyThresholdMs: 300 is not a bucket boundary of the app\'s latency histogram (le="0.3" would match no series); use one of 100, 200, 400 or set slo.histogramBucketsMs',
    ]);
    expect(problems(webService({ slo: { ...slo, histogramBucketsMs: [] } }))).toEqual([
      'apps/gateway/index.ts: app "gateway": slo.histogramBucketsMs: [] is not a list of bucket boundaries in milliseconds (positive numbers, for example [50, 100, 250, 500])',
    ]);
  });

  it('accepts a threshold on the app own buckets (histogramBucketsMs) and queries that bucket', () => {
    const spec = webService({
      slo: { availabilityPercent: 99.9, latencyThresholdMs: 300, histogramBucketsMs: [100, 300, 1000] },
    });
    expect(problems(spec)).toEqual([]);
    const latency = group('gateway.slo.recording', spec).rules.find(
      (rule) => rule.labels?.slo === 'latency' && rule.record === 'slo:sli_error:ratio_rate5m',
    );
    expect(latency?.expr).toContain(
      'http_request_duration_seconds_bucket{job="gateway",namespace="gateway",le=~"0\\\\.3"}[5m]',
    );
  });

  it('queries the metric and label names the app declares', () => {
    const spec = webService({
      httpMetrics: {
        requestsTotal: 'api_requests_total',
        statusCodeLabel: 'status',
        durationHistogram: 'api_latency_seconds',
      },
    });
    const rules = group('gateway.slo.recording', spec).rules;
    const availability = rules.find(
      (rule) => rule.record === 'slo:sli_error:ratio_rate5m' && rule.labels?.slo === 'availability',
    );
    expect(availability?.expr).toContain('api_requests_total{job="gateway",namespace="gateway",status=~"5.."}[5m]');
    const latency = rules.find(
      (rule) => rule.record === 'slo:sli_error:ratio_rate5m' && rule.labels?.slo === 'latency',
    );
    expect(latency?.expr).toContain('api_latency_seconds_bucket{job="gateway",namespace="gateway",le=~"0\\\\.25"}[5m]');
  });

  it('has no latency rules without a latency threshold and no SLO groups without an SLO', () => {
    const availabilityOnly = webService({ slo: { availabilityPercent: 99.5 } });
    expect(group('gateway.slo.alerts', availabilityOnly).rules.map((rule) => rule.labels.slo)).toEqual(
      Array(4).fill('availability'),
    );
    expect(groups(webService({ slo: undefined })).map((g) => g.name)).toEqual(['gateway.standard']);
  });

  it('scales burn rates to the window: 2% of a 28-day budget in 1h is 13.44x', () => {
    expect(BURN_RATE_ALERTS.map((alert) => burnRate(alert, 30))).toEqual([14.4, 6, 3, 1]);
    expect(burnRate(BURN_RATE_ALERTS[0]!, 28)).toBe(13.44);
    const rules = group('gateway.slo.alerts', webService({ slo: { availabilityPercent: 99, windowDays: 28 } })).rules;
    expect(rules[0]!.expr).toContain('> (13.44 * 0.01)');
  });

  it('computes error budgets without float noise', () => {
    expect([errorBudget(99.9), errorBudget(99.95), errorBudget(99)]).toEqual([0.001, 0.0005, 0.01]);
  });
});
