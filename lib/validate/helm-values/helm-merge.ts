import { isMap } from './key-path';

/**
 * Helm's merge of a release's values over the chart's defaults: maps merge key by key, any other value
 * (lists included) replaces the default, and `null` removes the default key. Neither input is changed.
 */
export function coalesceValues(defaults: unknown, overrides: unknown): unknown {
  if (!isMap(defaults) || !isMap(overrides)) return overrides;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete merged[key];
    else merged[key] = coalesceValues(defaults[key], value);
  }
  return merged;
}
