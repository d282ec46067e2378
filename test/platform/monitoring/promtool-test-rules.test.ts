import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AppSpec } from '../../../lib/model/app-spec';
import { cronJob, field, render, stagingCluster, webService, worker } from '../fixtures';
import { requireToolInCi, runToolAsync, toolVersion } from '../../support/prom-tools';

/**
 * Behaviour of the generated rules under `promtool test rules`: synthetic series for a day of healthy traffic,
 * then a change, and which alerts fire when. Each scenario renders the fixture app's PrometheusRule as synth
 * writes it (annotations left out: they are text for humans, and promtool would compare their rendering too).
 */

const MINUTE_RPS_10 = 600;
const DAY = 1440;
/**
 * Minutes of healthy history before a change. Three hours fill the 1h and 6h... windows enough for the pages and
 * keep promtool fast (it evaluates every rule every minute); the low-traffic case gets a whole clean day,
 * because with less history the 1d and 3d windows would over-weigh its one failure.
 */
const HISTORY = 180;

/** A number for promtool's series notation: 0 as `0.0`, because `0x59` would be read as hexadecimal 89. */
const num = (value: number): string => (value === 0 ? '0.0' : String(value));

/** A promtool series value string from segments of [increase per minute, minutes]; `null` is "no sample". */
function counter(...segments: (readonly [perMinute: number | null, minutes: number])[]): string {
  let value = 0;
  let first = true;
  return segments
    .map(([perMinute, minutes]) => {
      if (perMinute === null) return `_x${minutes}`;
      // promtool accumulates `a+bxn` in floating point: a segment starts a little above where the previous one
      // ended, so the counter never seems to go down (a counter reset would make rate() jump).
      const start = first ? 0 : Number((value + perMinute + 0.001).toFixed(3));
      first = false;
      value = start + perMinute * (minutes - 1);
      return `${num(start)}+${num(perMinute)}x${minutes - 1}`;
    })
    .join(' ');
}

/** A gauge holding `value` for `minutes` per segment (`null`: no sample). */
function gauge(...segments: (readonly [value: number | null, minutes: number])[]): string {
  return segments
    .map(([value, minutes]) => (value === null ? `_x${minutes}` : `${num(value)}x${minutes - 1}`))
    .join(' ');
}

interface Series {
  readonly series: string;
  readonly values: string;
}

interface Check {
  /** Minutes since the start. */
  readonly at: number;
  readonly alert: string;
  /** The labels of each firing alert (beyond alertname); empty: the alert must not fire. */
  readonly firing: readonly Readonly<Record<string, string>>[];
}

/** The rule groups synth writes for the app, without annotations. */
function ruleGroups(spec: AppSpec): unknown {
  const rule = render(stagingCluster(), [spec]).object(`${spec.name}/prometheusrule-${spec.name}.yaml`);
  const groups = field(rule, 'spec.groups') as { rules: Record<string, unknown>[] }[];
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map(({ annotations: _annotations, ...rule }) => rule),
  }));
}

/** Every alert name in the app's rules. */
function alertNames(spec: AppSpec): string[] {
  const groups = ruleGroups(spec) as { rules: { alert?: string }[] }[];
  return [
    ...new Set(
      groups.flatMap((group) => group.rules.flatMap((rule) => (rule.alert === undefined ? [] : [rule.alert]))),
    ),
  ];
}

const promtool = requireToolInCi('promtool');

/** Runs one promtool unit test and returns its output; the test passes when promtool says SUCCESS. */
async function promtoolTest(
  spec: AppSpec,
  name: string,
  series: readonly Series[],
  checks: readonly Check[],
  exprs: readonly { readonly expr: string; readonly at: number; readonly value: number }[] = [],
): Promise<void> {
  const tests = {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        name,
        interval: '1m',
        input_series: series,
        promql_expr_test: exprs.map((check) => ({
          expr: check.expr,
          eval_time: `${check.at}m`,
          exp_samples: [{ labels: '{app="gateway", slo="availability"}', value: check.value }],
        })),
        alert_rule_test: checks.map((check) => ({
          eval_time: `${check.at}m`,
          alertname: check.alert,
          exp_alerts: check.firing.map((labels) => ({ exp_labels: labels })),
        })),
      },
    ],
  };
  const result = await runToolAsync(promtool!, ['test', 'rules', 'tests.yaml'], {
    'rules.yaml': stringify({ groups: ruleGroups(spec) }),
    'tests.yaml': stringify(tests),
  });
  expect(result.output, result.output).toContain('SUCCESS');
  expect(result.status).toBe(0);
}

// --- the apps under test ---------------------------------------------------------------------------------

/** A web service at 10 requests/s with availability and latency (250 ms) objectives and a minimum rate. */
const gateway = webService({ alerts: { minRequestsPerSecond: 1 } });
/** A quiet web service: availability objective, no declared minimum rate. */
const quiet = webService({ name: 'quiet', ingress: undefined, secrets: undefined, slo: { availabilityPercent: 99.9 } });
/** A latency objective on a whole-second bucket, which Prometheus 3 stores as le="1.0". */
const slow = webService({
  name: 'slow',
  ingress: undefined,
  secrets: undefined,
  slo: { availabilityPercent: 99.9, latencyThresholdMs: 1000 },
});
const limitedWorker = worker({ resources: { cpuRequestMilli: 100, cpuLimitMilli: 200 } });
const report = cronJob();

const labels = (app: string, team: string, severity: string, extra: Record<string, string> = {}) => ({
  app,
  namespace: app,
  team,
  severity,
  ...extra,
});
const page = (app: string, extra: Record<string, string> = {}) => labels(app, 'edge', 'critical', extra);
const ticket = (app: string, extra: Record<string, string> = {}) => labels(app, 'edge', 'warning', extra);
const burn = (app: string, slo: string, long: string, short: string, severity = 'critical') => ({
  ...labels(app, 'edge', severity),
  slo,
  long_window: long,
  short_window: short,
});

/**
 * The series of a healthy web service for `minutes`, then `after` for `afterMinutes`: 10 requests/s, 0.01% 5xx,
 * 99.9% faster than 250 ms, every pod ready and scraped, CPU at half its request, memory at 40% of its limit.
 */
interface Traffic {
  readonly okPerMinute: number;
  readonly errorsPerMinute: number;
  /** Requests per minute faster than the first bucket (le 0.25, or le 1.0 for `slow`). */
  readonly fastPerMinute: number;
  /** Requests per minute slower than 0.5 s (they fall in le="1"). */
  readonly slowerThanHalfSecondPerMinute?: number;
}
const HEALTHY: Traffic = { okPerMinute: MINUTE_RPS_10, errorsPerMinute: 0.06, fastPerMinute: 599.46 };

function webSeries(
  app: string,
  before: Traffic,
  minutes: number,
  after: Traffic | null,
  afterMinutes: number,
  firstLe = '0.25',
): Series[] {
  const sel = `job="${app}",namespace="${app}"`;
  const seg = (pick: (t: Traffic) => number) =>
    counter([pick(before), minutes], [after === null ? null : pick(after), afterMinutes]);
  const total = (t: Traffic) => t.okPerMinute + t.errorsPerMinute;
  const upToHalf = (t: Traffic) => total(t) - (t.slowerThanHalfSecondPerMinute ?? 0);
  return [
    { series: `http_requests_total{${sel},code="200"}`, values: seg((t) => t.okPerMinute) },
    { series: `http_requests_total{${sel},code="500"}`, values: seg((t) => t.errorsPerMinute) },
    { series: `http_request_duration_seconds_bucket{${sel},le="${firstLe}"}`, values: seg((t) => t.fastPerMinute) },
    ...(firstLe === '0.25'
      ? [{ series: `http_request_duration_seconds_bucket{${sel},le="0.5"}`, values: seg(upToHalf) }]
      : []),
    { series: `http_request_duration_seconds_bucket{${sel},le="+Inf"}`, values: seg(total) },
    { series: `http_request_duration_seconds_count{${sel}}`, values: seg(total) },
  ];
}

/** kube-state-metrics and cAdvisor series of a healthy Deployment with two pods, for `minutes`. */
function podSeries(app: string, minutes: number, overrides: Record<string, string> = {}): Series[] {
  const ns = `namespace="${app}"`;
  const pod = (name: string) => `${ns},container="${app}",pod="${app}-${name}"`;
  const all: Record<string, string> = {
    [`up{job="${app}",${ns},instance="10.0.0.1:8000"}`]: gauge([1, minutes]),
    [`kube_deployment_status_replicas_available{${ns},deployment="${app}"}`]: gauge([2, minutes]),
    [`kube_deployment_spec_replicas{${ns},deployment="${app}"}`]: gauge([2, minutes]),
    [`kube_deployment_status_replicas_unavailable{${ns},deployment="${app}"}`]: gauge([0, minutes]),
    [`kube_pod_container_status_waiting_reason{${pod('a')},reason="CrashLoopBackOff"}`]: gauge([0, minutes]),
    [`container_cpu_usage_seconds_total{${pod('a')}}`]: counter([3, minutes]),
    [`kube_pod_container_resource_requests{${pod('a')},resource="cpu"}`]: gauge([0.1, minutes]),
    [`container_memory_working_set_bytes{${pod('a')}}`]: gauge([100 * 2 ** 20, minutes]),
    [`kube_pod_container_resource_limits{${pod('a')},resource="memory"}`]: gauge([256 * 2 ** 20, minutes]),
    [`kube_horizontalpodautoscaler_status_current_replicas{${ns},horizontalpodautoscaler="${app}"}`]: gauge([
      2,
      minutes,
    ]),
    [`kube_horizontalpodautoscaler_spec_max_replicas{${ns},horizontalpodautoscaler="${app}"}`]: gauge([6, minutes]),
  };
  return Object.entries({ ...all, ...overrides }).map(([series, values]) => ({ series, values }));
}

/**
 * The tickets (1d/2h at 3x, 3d/6h at 1x) that open too during a page test: with hours instead of days of
 * history, their long windows hold only those hours, so a burn that pages also crosses the ticket thresholds.
 */
const tickets = (app: string, slo: string) => [
  burn(app, slo, '1d', '2h', 'warning'),
  burn(app, slo, '3d', '6h', 'warning'),
];

const silent = (spec: AppSpec, at: number, except: readonly string[] = []): Check[] =>
  alertNames(spec)
    .filter((alert) => !except.includes(alert))
    .map((alert) => ({ at, alert, firing: [] }));

// Concurrent: every test waits on its own promtool process.
describe.skipIf(promtool === undefined)(
  `promtool test rules (${promtool === undefined ? '' : toolVersion(promtool)})`,
  { concurrent: true },
  () => {
    describe('SLO burn-rate alerts', () => {
      const minutes = HISTORY + 60;

      it('stay silent, like every other alert, through hours of healthy traffic', async () => {
        await promtoolTest(
          gateway,
          'healthy',
          [...webSeries('gateway', HEALTHY, minutes, null, 0), ...podSeries('gateway', minutes)],
          [...silent(gateway, 120), ...silent(gateway, HISTORY + 30)],
        );
      });

      it('page within the workbook detection time of a fast burn: 10% errors (100x) page on 1h/5m within 10 minutes (8.6)', async () => {
        const burning = { ...HEALTHY, okPerMinute: 540, errorsPerMinute: 60 };
        await promtoolTest(
          gateway,
          'fast burn',
          [...webSeries('gateway', HEALTHY, HISTORY, burning, 60), ...podSeries('gateway', minutes)],
          [
            // Minute 7, not 5: both tickets are then clearly past their thresholds (at minute 5 the 1d/2h ticket's
            // long window sits at 0.27-0.3%, and whether it fires depended on when promtool evaluated the
            // recordings), while the page (1.44% over 1h) is still clearly below its own.
            { at: HISTORY + 7, alert: 'AvailabilityErrorBudgetBurn', firing: tickets('gateway', 'availability') },
            {
              at: HISTORY + 10,
              alert: 'AvailabilityErrorBudgetBurn',
              firing: [burn('gateway', 'availability', '1h', '5m'), ...tickets('gateway', 'availability')],
            },
          ],
        );
      });

      it('open a ticket, and do not page, on a slow burn: 0.5% errors (5x) for two hours', async () => {
        const slowBurn = { ...HEALTHY, okPerMinute: 597, errorsPerMinute: 3 };
        await promtoolTest(
          gateway,
          'slow burn',
          [...webSeries('gateway', HEALTHY, 60, slowBurn, 125), ...podSeries('gateway', 185)],
          [
            // 1d/2h at 3x needs 0.3% over the (here: three hours of) long window: after about 90 minutes.
            {
              at: 60 + 60,
              alert: 'AvailabilityErrorBudgetBurn',
              firing: [burn('gateway', 'availability', '3d', '6h', 'warning')],
            },
            { at: 60 + 120, alert: 'AvailabilityErrorBudgetBurn', firing: tickets('gateway', 'availability') },
          ],
        );
      });

      it('record the error budget left: 0.01% errors of a 0.1% budget leave 90%', async () => {
        const remaining = 'slo:error_budget:remaining_ratio{app="gateway",slo="availability"}';
        await promtoolTest(
          gateway,
          'budget',
          [...webSeries('gateway', HEALTHY, 120, null, 0), ...podSeries('gateway', 120)],
          [],
          [{ expr: `(${remaining} > bool 0.89) * (${remaining} < bool 0.91)`, at: 100, value: 1 }],
        );
      });

      it('page within two minutes when every request fails', async () => {
        const failing = { ...HEALTHY, okPerMinute: 0, errorsPerMinute: MINUTE_RPS_10 };
        await promtoolTest(
          gateway,
          'all requests fail',
          [...webSeries('gateway', HEALTHY, HISTORY, failing, 10), ...podSeries('gateway', HISTORY + 10)],
          // At 1000x every window crosses its threshold within two minutes of three hours' history: both pages
          // and both tickets.
          [
            {
              at: HISTORY + 2,
              alert: 'AvailabilityErrorBudgetBurn',
              firing: [
                burn('gateway', 'availability', '1h', '5m'),
                burn('gateway', 'availability', '1d', '2h', 'warning'),
                burn('gateway', 'availability', '3d', '6h', 'warning'),
                burn('gateway', 'availability', '6h', '30m'),
              ],
            },
          ],
        );
      });

      it('page on a fast latency burn: every request slower than the 250 ms objective', async () => {
        const slowTraffic = { ...HEALTHY, fastPerMinute: 0, slowerThanHalfSecondPerMinute: MINUTE_RPS_10 + 0.06 };
        const series = webSeries('gateway', HEALTHY, HISTORY, slowTraffic, 60);
        await promtoolTest(
          gateway,
          'latency burn',
          [
            ...series,
            {
              series: 'http_request_duration_seconds_bucket{job="gateway",namespace="gateway",le="1"}',
              values: counter([MINUTE_RPS_10 + 0.06, HISTORY], [MINUTE_RPS_10 + 0.06, 60]),
            },
            ...podSeries('gateway', minutes),
          ],
          [
            { at: HISTORY - 1, alert: 'LatencyErrorBudgetBurn', firing: [] },
            {
              at: HISTORY + 10,
              alert: 'LatencyErrorBudgetBurn',
              firing: [burn('gateway', 'latency', '1h', '5m'), ...tickets('gateway', 'latency')],
            },
            { at: HISTORY + 20, alert: 'AppLatencyHigh', firing: [ticket('gateway')] },
          ],
        );
      });

      it('page on a latency burn of a whole-second threshold whose bucket is stored as le="1.0" (Prometheus 3)', async () => {
        const healthy = { ...HEALTHY, fastPerMinute: MINUTE_RPS_10 };
        const slowTraffic = { ...HEALTHY, fastPerMinute: 0 };
        await promtoolTest(
          slow,
          'le="1.0"',
          [...webSeries('slow', healthy, HISTORY, slowTraffic, 60, '1.0'), ...podSeries('slow', minutes)],
          [
            { at: HISTORY - 1, alert: 'LatencyErrorBudgetBurn', firing: [] },
            {
              at: HISTORY + 10,
              alert: 'LatencyErrorBudgetBurn',
              firing: [burn('slow', 'latency', '1h', '5m'), ...tickets('slow', 'latency')],
            },
          ],
        );
      });

      it('do not page at zero traffic, and nothing else pages either', async () => {
        const none = { okPerMinute: 0, errorsPerMinute: 0, fastPerMinute: 0 };
        await promtoolTest(
          quiet,
          'zero traffic',
          [...webSeries('quiet', none, minutes, null, 0), ...podSeries('quiet', minutes)],
          [...silent(quiet, 60), ...silent(quiet, HISTORY + 30)],
        );
      });

      it('do not page for one failed request at 1 request per minute after a clean day (minimum-event guard)', async () => {
        const minutes = DAY + 60;
        const trickle = { okPerMinute: 1, errorsPerMinute: 0, fastPerMinute: 1 };
        const sel = 'job="quiet",namespace="quiet"';
        await promtoolTest(
          quiet,
          'low traffic',
          [
            ...webSeries('quiet', trickle, minutes, null, 0).filter((s) => !s.series.includes('code="500"')),
            { series: `http_requests_total{${sel},code="500"}`, values: `${gauge([0, DAY])} ${gauge([1, 60])}` },
            ...podSeries('quiet', minutes),
          ],
          [DAY + 1, DAY + 3, DAY + 5, DAY + 10, DAY + 30].flatMap((at) => silent(quiet, at)),
        );
      });

      it('do not fire on an outage (no ratio without requests): AppUnavailable pages after 3 minutes, AppNoTraffic after 10', async () => {
        await promtoolTest(
          gateway,
          'outage',
          [
            ...webSeries('gateway', HEALTHY, HISTORY, null, 60),
            ...podSeries('gateway', minutes, {
              'up{job="gateway",namespace="gateway",instance="10.0.0.1:8000"}': gauge([1, HISTORY], [null, 60]),
              'kube_deployment_status_replicas_available{namespace="gateway",deployment="gateway"}': gauge(
                [2, HISTORY],
                [0, 60],
              ),
            }),
          ],
          [
            { at: HISTORY + 2, alert: 'AppUnavailable', firing: [] },
            { at: HISTORY + 4, alert: 'AppUnavailable', firing: [page('gateway')] },
            { at: HISTORY + 12, alert: 'AppNoTraffic', firing: [page('gateway')] },
            { at: HISTORY + 30, alert: 'AvailabilityErrorBudgetBurn', firing: [] },
            { at: HISTORY + 30, alert: 'LatencyErrorBudgetBurn', firing: [] },
          ],
        );
      });
    });

    describe('availability alerts', () => {
      it('page when every scrape target disappears although kube-state-metrics still counts ready pods', async () => {
        await promtoolTest(
          gateway,
          'targets gone',
          [
            ...webSeries('gateway', HEALTHY, 60, HEALTHY, 30),
            ...podSeries('gateway', 90, {
              'up{job="gateway",namespace="gateway",instance="10.0.0.1:8000"}': gauge([1, 60], [null, 30]),
            }),
          ],
          // up keeps its last sample for the 5-minute lookback, then is absent; 3 minutes later the page.
          [
            { at: 64, alert: 'AppUnavailable', firing: [] },
            { at: 70, alert: 'AppUnavailable', firing: [page('gateway')] },
          ],
        );
      });

      it('page when a worker has no ready pod', async () => {
        await promtoolTest(
          limitedWorker,
          'worker down',
          podSeries('worker', 60, {
            'kube_deployment_status_replicas_available{namespace="worker",deployment="worker"}': gauge(
              [1, 30],
              [0, 30],
            ),
          }),
          [
            { at: 20, alert: 'AppUnavailable', firing: [] },
            { at: 35, alert: 'AppUnavailable', firing: [page('worker')] },
          ],
        );
      });
    });

    describe('standard alerts: silent while healthy, firing after their threshold and for: delay', () => {
      /** A web service without an SLO (the standard alerts alone, quick to evaluate), 10 requests/s. */
      const api = webService({
        name: 'api',
        ingress: undefined,
        secrets: undefined,
        slo: undefined,
        alerts: { minRequestsPerSecond: 1 },
      });
      const MIN = 60;
      const AFTER = 30;
      const apiPods = (overrides: Record<string, string> = {}) => podSeries('api', MIN, overrides);
      const change = (first: number, then: number) => gauge([first, AFTER], [then, AFTER]);
      const ns = 'namespace="api"';
      const pod = `${ns},container="api",pod="api-a"`;
      const healthyWeb = webSeries('api', HEALTHY, AFTER, HEALTHY, AFTER);

      it.each([
        [
          'AppCrashLooping',
          { [`kube_pod_container_status_waiting_reason{${pod},reason="CrashLoopBackOff"}`]: change(0, 1) },
          47,
          { container: 'api', pod: 'api-a', reason: 'CrashLoopBackOff' },
        ],
        [
          'AppPodsNotReady',
          { [`kube_deployment_status_replicas_unavailable{${ns},deployment="api"}`]: change(0, 1) },
          47,
          { deployment: 'api' },
        ],
        [
          'AppCpuAboveRequest',
          { [`container_cpu_usage_seconds_total{${pod}}`]: counter([3, AFTER], [5.4, AFTER]) },
          52,
          { pod: 'api-a' },
        ],
        [
          'AppMemoryNearLimit',
          { [`container_memory_working_set_bytes{${pod}}`]: change(100 * 2 ** 20, 220 * 2 ** 20) },
          47,
          { pod: 'api-a', container: 'api' },
        ],
        [
          'AppAutoscalerAtMax',
          {
            [`kube_horizontalpodautoscaler_status_current_replicas{${ns},horizontalpodautoscaler="api"}`]: change(2, 6),
          },
          47,
          { horizontalpodautoscaler: 'api' },
        ],
      ] as const)('%s', async (alert, overrides, at, extra) => {
        await promtoolTest(
          api,
          alert,
          [...healthyWeb, ...apiPods(overrides)],
          [...silent(api, 25), { at: 40, alert, firing: [] }, { at, alert, firing: [ticket('api', extra)] }],
        );
      });

      it.each([
        ['AppLatencyHigh', { ...HEALTHY, fastPerMinute: 0, slowerThanHalfSecondPerMinute: MINUTE_RPS_10 + 0.06 }, 45],
        ['AppErrorsHigh', { ...HEALTHY, errorsPerMinute: 11 }, 42],
        ['AppErrorRatioHigh', { ...HEALTHY, okPerMinute: 540, errorsPerMinute: 60 }, 40],
      ] as const)('%s', async (alert, traffic, at) => {
        const series = webSeries('api', HEALTHY, AFTER, traffic, AFTER);
        const slowBucket = {
          series: 'http_request_duration_seconds_bucket{job="api",namespace="api",le="1"}',
          values: counter([MINUTE_RPS_10 + 0.06, AFTER], [MINUTE_RPS_10 + 0.06, AFTER]),
        };
        await promtoolTest(
          api,
          alert,
          [...series, slowBucket, ...apiPods()],
          [...silent(api, 25), { at: 34, alert, firing: [] }, { at, alert, firing: [ticket('api')] }],
        );
      });

      it('AppErrorsHigh alone below the 5% ratio: 11 errors a minute of 600 requests', async () => {
        await promtoolTest(
          api,
          'errors, low ratio',
          [...webSeries('api', HEALTHY, AFTER, { ...HEALTHY, errorsPerMinute: 11 }, AFTER), ...apiPods()],
          [
            { at: 45, alert: 'AppErrorsHigh', firing: [ticket('api')] },
            { at: 45, alert: 'AppErrorRatioHigh', firing: [] },
          ],
        );
      });

      it('AppNoTraffic pages when requests stop while the pods are up; AppUnavailable stays silent', async () => {
        const none = { okPerMinute: 0, errorsPerMinute: 0, fastPerMinute: 0 };
        await promtoolTest(
          api,
          'traffic drop',
          [...webSeries('api', HEALTHY, AFTER, none, AFTER), ...apiPods()],
          [
            { at: 36, alert: 'AppNoTraffic', firing: [] },
            { at: 45, alert: 'AppNoTraffic', firing: [page('api')] },
            { at: 45, alert: 'AppUnavailable', firing: [] },
          ],
        );
      });

      it('AppCpuNearLimit for an app with a CPU limit', async () => {
        const wpod = 'namespace="worker",container="worker",pod="worker-a"';
        await promtoolTest(
          limitedWorker,
          'cpu limit',
          podSeries('worker', MIN, {
            [`container_cpu_usage_seconds_total{${wpod}}`]: counter([3, AFTER], [11.4, AFTER]),
            [`kube_pod_container_resource_limits{${wpod},resource="cpu"}`]: gauge([0.2, MIN]),
          }),
          [
            ...silent(limitedWorker, 25),
            { at: 52, alert: 'AppCpuNearLimit', firing: [ticket('worker', { pod: 'worker-a' })] },
          ],
        );
      });

      it('AppJobFailed and AppCrashLooping for a cron job', async () => {
        const cpod = 'namespace="report",container="report",pod="report-1-x"';
        await promtoolTest(
          report,
          'cron job',
          [
            {
              series: 'kube_job_failed{namespace="report",job_name="report-1",condition="true"}',
              values: change(0, 1),
            },
            {
              series: `kube_pod_container_status_waiting_reason{${cpod},reason="ImagePullBackOff"}`,
              values: change(0, 1),
            },
            { series: `container_cpu_usage_seconds_total{${cpod}}`, values: counter([3, MIN]) },
            { series: `kube_pod_container_resource_requests{${cpod},resource="cpu"}`, values: gauge([0.25, MIN]) },
          ],
          [
            ...silent(report, 25),
            {
              at: 32,
              alert: 'AppJobFailed',
              firing: [labels('report', 'storefront', 'warning', { job_name: 'report-1' })],
            },
            {
              at: 47,
              alert: 'AppCrashLooping',
              firing: [
                labels('report', 'storefront', 'warning', {
                  container: 'report',
                  pod: 'report-1-x',
                  reason: 'ImagePullBackOff',
                }),
              ],
            },
          ],
        );
      });
    });
  },
);
