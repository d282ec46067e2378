import type { KubernetesVersion } from '../model/cluster';
import type { ResolvedApp } from '../model/resolved-app';

/**
 * Pod Security admission labels of a namespace: `level` enforced at the cluster's Kubernetes version; audit and
 * warn always at restricted, so whatever a namespace allows beyond restricted keeps showing in events and warnings.
 */
export function podSecurityLabels(
  kubernetesVersion: KubernetesVersion,
  level: 'restricted' | 'privileged' = 'restricted',
): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': `v${kubernetesVersion}`,
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

/**
 * The pod labels cost is allocated by (OpenCost's `label:` aggregations, the FinOps dashboard, `npm run
 * rightsize`): every app pod carries all three (`workloadLabels`), and kube-state-metrics exports them on
 * `kube_pod_labels` as `label_<name>` with `.` and `/` turned into `_`.
 */
export const COST_ALLOCATION_LABELS = {
  team: 'team',
  app: 'app.kubernetes.io/name',
  environment: 'environment',
} as const;

/** A label name as kube-state-metrics exports it on `kube_*_labels`: `app.kubernetes.io/name` -> `label_app_kubernetes_io_name`. */
export function kubeStateMetricsLabel(label: string): string {
  return `label_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Labels that pick an app's pods. Never includes the version: selectors are immutable. */
export function selectorLabels(app: ResolvedApp): Record<string, string> {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.name,
  };
}

/**
 * The Kubernetes recommended labels plus the owning team, on every object of an app. The version is left
 * out here so a release changes only the objects that run it (see `workloadLabels`), which keeps promotion
 * diffs to the lines that matter.
 */
export function appLabels(app: ResolvedApp): Record<string, string> {
  return {
    ...selectorLabels(app),
    'app.kubernetes.io/component': app.kind,
    'app.kubernetes.io/part-of': app.team,
    'app.kubernetes.io/managed-by': 'cdk8s',
    team: app.team,
  };
}

/**
 * `appLabels` plus `app.kubernetes.io/version` and the cluster's `environment` (a cost allocation label, see
 * COST_ALLOCATION_LABELS): for the workload, its job template and its pods.
 */
export function workloadLabels(app: ResolvedApp): Record<string, string> {
  return {
    ...appLabels(app),
    'app.kubernetes.io/version': app.version,
    [COST_ALLOCATION_LABELS.environment]: app.environment,
  };
}
