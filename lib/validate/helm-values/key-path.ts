/** A key path inside Helm values: one segment per map key. */
export type KeyPath = readonly string[];

/**
 * Parses a dotted key path as written in chart rules: `prometheus.prometheusSpec.storageSpec`; a key that
 * contains a dot escapes it (`grafana.grafana\.ini`).
 */
export function parseKeyPath(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && text[i + 1] === '.') {
      current += '.';
      i++;
    } else if (char === '.') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** Renders a key path for messages: `configs.cm["application.resourceTrackingMethod"]`, `redis-ha.enabled`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Whether a path matches a pattern of parsed segments: `*` matches any one key, `**` any number of keys
 * (none included).
 */
export function matchesPattern(pattern: readonly string[], path: KeyPath): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let skip = 0; skip <= path.length; skip++) if (matchesPattern(rest, path.slice(skip))) return true;
    return false;
  }
  if (path.length === 0) return false;
  return (head === '*' || head === path[0]) && matchesPattern(rest, path.slice(1));
}

/** A plain (non-array, non-null) object, as YAML and JSON maps parse to. */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
