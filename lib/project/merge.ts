import type { AppSettings, AppSpec } from '../model/app-spec';

/** The keys a cluster definition may override for an app. */
export const OVERRIDABLE_KEYS: readonly (keyof AppSettings)[] = [
  'alerts',
  'args',
  'autoscaling',
  'command',
  'config',
  'dependencies',
  'ingress',
  'mesh',
  'nodePool',
  'probes',
  'replicas',
  'resources',
  'schedule',
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
    } else {
      merged[key] = value;
    }
  }
  if (overrides.replicas !== undefined && overrides.autoscaling === undefined) delete merged.autoscaling;
  if (overrides.autoscaling !== undefined && overrides.replicas === undefined) delete merged.replicas;
  return merged as unknown as AppSpec;
}
