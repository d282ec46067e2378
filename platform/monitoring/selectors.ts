import { DEFAULTS } from '../../lib/model/defaults';
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

/**
 * A regular expression for the `le` label of the bucket at a threshold in milliseconds, matching how every
 * Prometheus version stores it: 250 -> `0\\.25`; whole seconds both ways, 1000 -> `1(\\.0)?`, because
 * Prometheus 3 normalises classic histogram buckets to `le="1.0"` where clients and Prometheus 2 wrote `le="1"`.
 */
export function bucketMatcher(thresholdMs: number): string {
  const boundary = bucketBoundary(thresholdMs);
  const escaped = boundary.replace(/\./g, '\\\\.');
  return Number.isInteger(thresholdMs / 1000) ? `${escaped}(\\\\.0)?` : escaped;
}

/** The runbook of an alert: its section in docs/runbooks.md (GitHub anchors are the lower-cased heading). */
export function runbookUrl(alert: string): string {
  return `${DEFAULTS.runbookBaseUrl}#${alert.toLowerCase()}`;
}

/**
 * The series of an app's ready, desired and unavailable replicas: kube-state-metrics' for a Deployment, the Argo
 * Rollouts controller's for a Rollout (kube-state-metrics knows nothing of Rollouts).
 */
export function replicaSeries(app: ResolvedApp): { available: string; desired: string; unavailable: string } {
  if (app.delivery !== undefined) {
    const rollout = `namespace="${app.name}",name="${app.name}"`;
    return {
      available: `rollout_info_replicas_available{${rollout}}`,
      desired: `rollout_info_replicas_desired{${rollout}}`,
      unavailable: `rollout_info_replicas_unavailable{${rollout}}`,
    };
  }
  const deployment = `namespace="${app.name}",deployment="${app.name}"`;
  return {
    available: `kube_deployment_status_replicas_available{${deployment}}`,
    desired: `kube_deployment_spec_replicas{${deployment}}`,
    unavailable: `kube_deployment_status_replicas_unavailable{${deployment}}`,
  };
}
