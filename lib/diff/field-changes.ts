import { isRecord } from '../validate/kube-object';

export interface FieldChange {
  /** Dotted path; list items with a unique name (or namespace, host, path) are addressed by it: `containers[web].image`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : /^[A-Za-z_$][\w$-]*$/.test(key) ? `${parent}.${key}` : `${parent}['${key}']`;
}

/** Fields that identify a list item, tried in order: `name` (containers, ports), then `namespace`
 * (AppProject destinations), `host` (Ingress rules) and `path` (HTTP paths). */
const IDENTITY_FIELDS = ['name', 'namespace', 'host', 'path'] as const;

/**
 * Items that all have a distinct string value of one identity field are matched by it, so reordering or
 * inserting an item is not reported as every later item changing.
 */
function identifiedItems(list: unknown[]): Map<string, unknown> | undefined {
  for (const field of IDENTITY_FIELDS) {
    const byIdentity = new Map<string, unknown>();
    for (const item of list) {
      const identity = isRecord(item) ? item[field] : undefined;
      if (typeof identity !== 'string' || byIdentity.has(identity)) break;
      byIdentity.set(identity, item);
    }
    if (byIdentity.size === list.length) return byIdentity;
  }
  return undefined;
}

/** Every leaf that differs between two objects (added and removed fields included), in path order. */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNamed = identifiedItems(before);
    const afterNamed = identifiedItems(after);
    if (beforeNamed !== undefined && afterNamed !== undefined && (before.length > 0 || after.length > 0)) {
      const names = [...new Set([...beforeNamed.keys(), ...afterNamed.keys()])];
      return names.flatMap((name) => fieldChanges(beforeNamed.get(name), afterNamed.get(name), `${path}[${name}]`));
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => fieldChanges(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}
