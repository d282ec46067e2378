import type { SloSpec } from '../../lib/model/app-spec';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp, ResolvedSlo } from '../../lib/model/resolved-app';
import type { AlertingRule, RecordingRule, RuleGroup } from './prometheus-rule';
import { appSeriesMatchers, bucketBoundary, bucketMatcher, formatNumber, runbookUrl } from './selectors';
import { Severity } from './severity';

/**
 * One multi-window burn-rate alert: it fires as soon as both windows burn faster than the rate (no `for`:
 * the long window already is the delay, and the short one makes it stop soon after the burn stops).
 */
export interface BurnRateAlert {
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Share of the whole window's error budget the long window may consume, in percent. */
  readonly budgetPercent: number;
  readonly severity: Severity;
}

/**
 * The Google SRE workbook's multi-window, multi-burn-rate alerts (chapter 5, "Alerting on SLOs", the table of
 * recommended parameters): page when 2% of the budget goes in an hour or 5% in six hours, open a ticket when
 * 10% goes in three days (the workbook's third line) or in a day (its 1d/2h variant at 3x).
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { longWindow: '1h', shortWindow: '5m', budgetPercent: 2, severity: Severity.CRITICAL },
  { longWindow: '6h', shortWindow: '30m', budgetPercent: 5, severity: Severity.CRITICAL },
  { longWindow: '1d', shortWindow: '2h', budgetPercent: 10, severity: Severity.WARNING },
  { longWindow: '3d', shortWindow: '6h', budgetPercent: 10, severity: Severity.WARNING },
];

/** Every window an error ratio is recorded for. */
export const SLO_WINDOWS: readonly string[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** The recorded error ratio of one SLO over one window, labelled `app` and `slo`. */
export const ERROR_RATIO_RECORD = 'slo:sli_error:ratio_rate';
/** Requests (events) of one SLO in one window: the minimum-event guard of the burn-rate alerts reads it. */
export const EVENTS_RECORD = 'slo:sli_events:increase';
export const OBJECTIVE_RECORD = 'slo:objective:ratio';
/** Error ratio divided by the error budget, per window (1 = spending exactly the budget over windowDays). */
export const BURN_RATE_RECORD = 'slo:error_budget:burn_rate';
/** Share of the windowDays error budget left (1 = untouched, 0 = spent, negative = overspent). */
export const BUDGET_REMAINING_RECORD = 'slo:error_budget:remaining_ratio';

export type SloKind = 'availability' | 'latency';

/**
 * One objective of an app: what fraction of requests must be good, and the PromQL of the bad fraction. With
 * traffic but no 5xx series yet, the error ratio is 0 (not empty); without traffic it is empty (never NaN),
 * so nothing fires and the budget average is not poisoned. A total outage therefore never fires a burn-rate
 * alert: AppUnavailable and AppNoTraffic page for it.
 */
export interface Objective {
  readonly kind: SloKind;
  readonly percent: number;
  readonly windowDays: number;
  /** Error ratio over `[window]`. */
  readonly errorRatio: (window: string) => string;
  /** Number of requests the objective counted over `[window]`. */
  readonly events: (window: string) => string;
  readonly meaning: string;
}

/** Burn rate for a share of the budget spent in the long window: 2% of 30 days in 1h is 14.4. */
export function burnRate(alert: BurnRateAlert, windowDays: number): number {
  return Number((((alert.budgetPercent / 100) * windowDays * 24) / windowHours(alert.longWindow)).toPrecision(10));
}

/** The error budget as a ratio: 99.9 -> 0.001. */
export function errorBudget(percent: number): number {
  return Number((1 - percent / 100).toPrecision(10));
}

/**
 * Checks that the latency threshold is a bucket boundary of the app's duration histogram: the latency
 * objective divides the bucket `le="<threshold in seconds>"` by the count, and a threshold that is no
 * boundary matches no series, so every latency recording rule and alert would silently return nothing.
 * Returns the problems by dotted field of the app spec (empty when fine).
 */
export function sloHistogramProblems(slo: SloSpec): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const buckets = slo.histogramBucketsMs;
  if (buckets !== undefined) {
    if (
      !Array.isArray(buckets) ||
      buckets.length === 0 ||
      !buckets.every((value) => typeof value === 'number' && Number.isFinite(value) && value > 0)
    ) {
      problems.push({
        field: 'slo.histogramBucketsMs',
        problem: `${JSON.stringify(buckets)} is not a list of bucket boundaries in milliseconds (positive numbers, for example [50, 100, 250, 500])`,
      });
      return problems;
    }
  }
  const threshold = slo.latencyThresholdMs;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) return problems;
  const boundaries: readonly number[] = buckets ?? DEFAULTS.histogramBucketsMs;
  if (!boundaries.includes(threshold)) {
    problems.push({
      field: 'slo.latencyThresholdMs',
      problem:
        `${formatNumber(threshold)} is not a bucket boundary of the app's latency histogram ` +
        `(le="${bucketBoundary(threshold)}" would match no series); use one of ${boundaries.map(formatNumber).join(', ')} ` +
        'or set slo.histogramBucketsMs',
    });
  }
  return problems;
}

/**
 * The objectives an app's SLO spec defines: availability always, latency when it has a threshold. `extraMatchers`
 * narrows every series to some of the app's pods (a rollout's analysis: one revision's pods).
 */
export function objectives(app: ResolvedApp, slo: ResolvedSlo, extraMatchers?: string): Objective[] {
  const { requestsTotal, statusCodeLabel, durationHistogram } = app.httpMetrics;
  const matchers = extraMatchers === undefined ? appSeriesMatchers(app) : `${appSeriesMatchers(app)},${extraMatchers}`;
  const result: Objective[] = [
    {
      kind: 'availability',
      percent: slo.availabilityPercent,
      windowDays: slo.windowDays,
      meaning: `${formatNumber(slo.availabilityPercent)}% of requests succeed (no 5xx) over ${slo.windowDays} days`,
      errorRatio: (window) =>
        `(sum(rate(${requestsTotal}{${matchers},${statusCodeLabel}=~"5.."}[${window}])) or vector(0))\n/\n` +
        `(sum(rate(${requestsTotal}{${matchers}}[${window}])) > 0)`,
      events: (window) => `sum(increase(${requestsTotal}{${matchers}}[${window}]))`,
    },
  ];
  if (slo.latency !== undefined) {
    const le = bucketMatcher(slo.latency.thresholdMs);
    result.push({
      kind: 'latency',
      percent: slo.latency.percent,
      windowDays: slo.windowDays,
      meaning: `${formatNumber(slo.latency.percent)}% of requests complete within ${slo.latency.thresholdMs} ms over ${slo.windowDays} days`,
      errorRatio: (window) =>
        `1 - (\n  sum(rate(${durationHistogram}_bucket{${matchers},le=~"${le}"}[${window}]))\n  /\n` +
        `  (sum(rate(${durationHistogram}_count{${matchers}}[${window}])) > 0)\n)`,
      events: (window) => `sum(increase(${durationHistogram}_count{${matchers}}[${window}]))`,
    });
  }
  return result;
}

/**
 * The SLO rule groups of an app: recording rules for the error ratio of every objective over every window
 * (plus the objective itself, for dashboards), and the burn-rate alerts on them. Empty without an SLO.
 */
export function sloRuleGroups(app: ResolvedApp): RuleGroup[] {
  const slo = app.slo;
  if (slo === undefined) return [];
  const list = objectives(app, slo);
  const recording: RecordingRule[] = list.flatMap((objective) => {
    const labels = { app: app.name, slo: objective.kind };
    return [
      { record: OBJECTIVE_RECORD, expr: `vector(${formatNumber(objective.percent / 100)})`, labels },
      ...SLO_WINDOWS.flatMap((window) => [
        { record: `${ERROR_RATIO_RECORD}${window}`, expr: objective.errorRatio(window), labels },
        { record: `${EVENTS_RECORD}${window}`, expr: objective.events(window), labels },
      ]),
    ];
  });
  const alerts: AlertingRule[] = list.flatMap((objective) =>
    BURN_RATE_ALERTS.map((alert) => burnRateAlert(app, slo, objective, alert)),
  );
  return [
    { name: `${app.name}.slo.recording`, interval: '30s', rules: recording },
    { name: `${app.name}.slo.budget`, interval: '5m', rules: list.flatMap((objective) => budgetRules(app, objective)) },
    { name: `${app.name}.slo.alerts`, rules: alerts },
  ];
}

/** The whole SLO window, e.g. `30d`: the window the error budget is defined over. */
export function budgetWindow(objective: Objective): string {
  return `${objective.windowDays}d`;
}

/**
 * The error budget over the whole SLO window (evaluated every 5 minutes): the error ratio over windowDays as
 * the average of the recorded 5-minute ratios (windows without traffic do not count), the budget left, and
 * the burn rate of every window (the error ratio over the budget).
 */
function budgetRules(app: ResolvedApp, objective: Objective): RecordingRule[] {
  const labels = { app: app.name, slo: objective.kind };
  const selector = `{app="${app.name}",slo="${objective.kind}"}`;
  const budget = formatNumber(errorBudget(objective.percent));
  const whole = budgetWindow(objective);
  return [
    {
      record: `${ERROR_RATIO_RECORD}${whole}`,
      expr: `avg_over_time(${ERROR_RATIO_RECORD}5m${selector}[${whole}])`,
      labels,
    },
    { record: BUDGET_REMAINING_RECORD, expr: `1 - ${ERROR_RATIO_RECORD}${whole}${selector} / ${budget}`, labels },
    ...[...SLO_WINDOWS, whole].map((window) => ({
      record: `${BURN_RATE_RECORD}${window}`,
      expr: `${ERROR_RATIO_RECORD}${window}${selector} / ${budget}`,
      labels,
    })),
  ];
}

function burnRateAlert(app: ResolvedApp, slo: ResolvedSlo, objective: Objective, alert: BurnRateAlert): AlertingRule {
  const rate = formatNumber(burnRate(alert, objective.windowDays));
  const budget = formatNumber(errorBudget(objective.percent));
  const selector = `{app="${app.name}",slo="${objective.kind}"}`;
  const ratio = (window: string): string => `${ERROR_RATIO_RECORD}${window}${selector} > (${rate} * ${budget})`;
  const events = (window: string): string => `${EVENTS_RECORD}${window}${selector} >= ${slo.minEventsPerWindow}`;
  const name = objective.kind === 'availability' ? 'AvailabilityErrorBudgetBurn' : 'LatencyErrorBudgetBurn';
  return {
    alert: name,
    expr: [ratio(alert.longWindow), ratio(alert.shortWindow), events(alert.longWindow), events(alert.shortWindow)].join(
      '\nand\n',
    ),
    labels: {
      severity: alert.severity,
      team: app.team,
      app: app.name,
      // The recorded ratios aggregate `namespace` away; Alertmanager groups and inhibits on it.
      namespace: app.name,
      slo: objective.kind,
      long_window: alert.longWindow,
      short_window: alert.shortWindow,
    },
    annotations: {
      summary: `${app.name} is burning its ${objective.kind} error budget ${rate}x too fast`,
      description:
        `Over the last ${alert.longWindow} and ${alert.shortWindow}, ${app.name} failed its objective (${objective.meaning}) ` +
        `at ${rate} times the sustainable rate: ${alert.budgetPercent}% of the ${objective.windowDays}-day error budget is gone within ${alert.longWindow}.`,
      runbook_url: runbookUrl(name),
    },
  };
}

function windowHours(window: string): number {
  const match = /^(\d+)([mhd])$/.exec(window);
  if (match === null) throw new Error(`unsupported window "${window}"`);
  const value = Number(match[1]);
  return match[2] === 'm' ? value / 60 : match[2] === 'h' ? value : value * 24;
}
