import type { ResolvedApp } from '../../lib/model/resolved-app';

/**
 * PromQL label matchers for the app's own series. The ServiceMonitor (web services) and PodMonitor (workers)
 * both take `job` from the `app.kubernetes.io/name` label, so job is the app name; the namespace is the app's.
 */
export function appSeriesMatchers(app: ResolvedApp): string {
  return `job="${app.name}",namespace="${app.name}"`;
}

/** Matchers for cAdvisor and kube-state-metrics series of the app's main container. */
export function appContainerMatchers(app: ResolvedApp): string {
  return `namespace="${app.name}",container="${app.name}"`;
}

/** A number as PromQL and people write it: 14.4, 0.001, 6 (no float noise such as 0.0009999999). */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(10)));
}

/** The `le` label value of a histogram bucket for a threshold in milliseconds: 300 -> "0.3". */
export function bucketBoundary(thresholdMs: number): string {
  return formatNumber(thresholdMs / 1000);
}
