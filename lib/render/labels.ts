import type { ResolvedApp } from '../model/resolved-app';

/** Labels that pick an app's pods. Never includes the version: selectors are immutable. */
export function selectorLabels(app: ResolvedApp): Record<string, string> {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.name,
  };
}

/** The Kubernetes recommended labels plus the owning team, on every object of an app. */
export function appLabels(app: ResolvedApp): Record<string, string> {
  return {
    ...selectorLabels(app),
    'app.kubernetes.io/version': app.version,
    'app.kubernetes.io/component': app.kind,
    'app.kubernetes.io/part-of': app.team,
    'app.kubernetes.io/managed-by': 'cdk8s',
    team: app.team,
  };
}
