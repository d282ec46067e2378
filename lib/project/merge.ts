import type { AppSettings, AppSpec } from '../model/app-spec';

/** The keys a cluster definition may override for an app. */
export const OVERRIDABLE_KEYS: readonly (keyof AppSettings)[] = [
  'alerts',
  'args',
  'autoscaling',
  'command',
  'config',
  'delivery',
  'dependencies',
  'ingress',
  'mesh',
  'nodePool',
  'probes',
  'replicas',
  'resources',
  'schedule',
  'smoke',
  'suspend',
];

/**
 * Applies one cluster's overrides to an app spec, returning a new spec. Maps merge key by key; other fields
 * replace. `replicas` and `autoscaling` are one choice: overriding either drops the other.
 */
export function applyOverrides(spec: AppSpec, overrides: AppSettings): AppSpec {
  const merged: Record<string, unknown> = { ...spec };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key === 'config' || key === 'resources' || key === 'probes' || key === 'alerts') {
      merged[key] = { ...(spec[key] as object | undefined), ...(value as object) };
    } else if (key === 'delivery' && sameStrategy(spec.delivery, value as AppSettings['delivery'])) {
      // `delivery: { pauseMinutes: 0 }` keeps the app's canary steps; another strategy starts afresh.
      merged[key] = { ...spec.delivery, ...(value as object) };
    } else {
      merged[key] = value;
    }
  }
  if (overrides.replicas !== undefined && overrides.autoscaling === undefined) delete merged.autoscaling;
  if (overrides.autoscaling !== undefined && overrides.replicas === undefined) delete merged.replicas;
  return merged as unknown as AppSpec;
}

function sameStrategy(own: AppSettings['delivery'], override: AppSettings['delivery']): boolean {
  const strategy = (override as { strategy?: string } | undefined)?.strategy;
  return own !== undefined && (strategy === undefined || strategy === own.strategy);
}
