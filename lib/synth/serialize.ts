import { stringify } from 'yaml';

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * One Kubernetes object as a YAML document: apiVersion, kind and metadata first, every other key sorted,
 * no line folding and no anchors, so the same object always gives the same bytes. Strings are quoted by
 * YAML 1.1 rules, which Kubernetes, Helm and Argo CD still read by: `yes`, `on` or `2025-01-01` unquoted
 * would arrive as a boolean or a timestamp instead of the string we meant.
 */
export function toYaml(object: Readonly<Record<string, unknown>>): string {
  return stringify(withLeadingKeys(sortKeys(object) as Record<string, unknown>), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    version: '1.1',
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
