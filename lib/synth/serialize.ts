import { stringify } from 'yaml';

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * One Kubernetes object as a YAML document: apiVersion, kind and metadata first, every other key sorted,
 * no line folding and no anchors, so the same object always gives the same bytes.
 */
export function toYaml(object: Record<string, unknown>): string {
  return stringify(withLeadingKeys(sortKeys(object) as Record<string, unknown>), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

function withLeadingKeys(object: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of LEADING_KEYS) if (key in object) ordered[key] = object[key];
  for (const key of Object.keys(object)) if (!LEADING_KEYS.includes(key)) ordered[key] = object[key];
  return ordered;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) sorted[key] = sortKeys(entry);
  }
  return sorted;
}
