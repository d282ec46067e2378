import { isRecord } from '../validate/kube-object';

export interface FieldChange {
  /** Dotted path; list items with a unique `name` are addressed by it: `containers[web].image`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : /^[A-Za-z_$][\w$-]*$/.test(key) ? `${parent}.${key}` : `${parent}['${key}']`;
}

/** Items that all have a distinct string `name` are matched by name, so reordering is not a change. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || byName.has(item.name)) return undefined;
    byName.set(item.name, item);
  }
  return byName;
}

/** Every leaf that differs between two objects (added and removed fields included), in path order. */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNamed = namedItems(before);
    const afterNamed = namedItems(after);
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
