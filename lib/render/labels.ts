import type { ResolvedApp } from '../model/resolved-app';

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

/** `appLabels` plus `app.kubernetes.io/version`: for the workload, its job template and its pods. */
export function workloadLabels(app: ResolvedApp): Record<string, string> {
  return { ...appLabels(app), 'app.kubernetes.io/version': app.version };
}
