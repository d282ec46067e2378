import { closest } from '../../project/suggest';
import { isMap, type KeyPath, matchesPattern } from './key-path';

/** A key of the generated values that the chart does not have, or has with another shape. */
export type KeyFinding =
  | {
      /** Not a key of the chart: Helm ignores it. */
      readonly kind: 'unknown';
      readonly path: KeyPath;
      /** The known key the path most likely meant (a typo at the same level, or the same keys elsewhere). */
      readonly suggestion?: KeyPath;
    }
  | {
      /** Below a subchart that has no reference values, and not among the keys the parent sets for it. */
      readonly kind: 'subchart';
      readonly path: KeyPath;
      readonly subchart: string;
    }
  | {
      /** A map where the chart has a list or a scalar, or the other way round. */
      readonly kind: 'shape';
      readonly path: KeyPath;
      readonly actual: Shape;
      readonly expected: Shape;
    };

export type Shape = 'map' | 'list' | 'scalar';

export interface KeyCheckInput {
  /** The values the release sets. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Every key the chart knows: its values.yaml (with its subcharts' under their keys) and the allowances. */
  readonly known: Readonly<Record<string, unknown>>;
  /** Parsed key path patterns whose children are free-form. */
  readonly openMaps: readonly (readonly string[])[];
  /** Top-level keys of subcharts without reference values -> how to name the subchart in a finding. */
  readonly opaqueSubcharts: ReadonlyMap<string, string>;
}

/**
 * Every key path of `values` that is not a key of the chart, reported at each leaf below the first unknown
 * key. Keys below an open map and list items are not checked.
 */
export function checkKeys(input: KeyCheckInput): KeyFinding[] {
  const findings: KeyFinding[] = [];
  const walk = (value: unknown, known: unknown, path: string[]): void => {
    if (!isMap(value)) {
      if (value !== null && isMap(known) && path.length > 0) {
        findings.push({ kind: 'shape', path, actual: shapeOf(value), expected: 'map' });
      }
      return;
    }
    if (path.length > 0 && input.openMaps.some((pattern) => matchesPattern(pattern, path))) return;
    if (known !== null && known !== undefined && !isMap(known)) {
      findings.push({ kind: 'shape', path, actual: 'map', expected: shapeOf(known) });
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (isMap(known) && Object.hasOwn(known, key)) {
        walk(child, known[key], childPath);
        continue;
      }
      for (const leaf of leavesOf(child, childPath)) findings.push(unknownKey(leaf, path.length, input));
    }
  };
  walk(input.values, input.known, []);
  return findings;
}

function unknownKey(leaf: KeyPath, unknownAt: number, input: KeyCheckInput): KeyFinding {
  const subchart = input.opaqueSubcharts.get(leaf[0]!);
  if (subchart !== undefined) return { kind: 'subchart', path: leaf, subchart };
  const suggestion = suggest(leaf, unknownAt, input.known);
  return suggestion === undefined ? { kind: 'unknown', path: leaf } : { kind: 'unknown', path: leaf, suggestion };
}

/** The paths of the scalars, lists and empty maps below a value (the value itself when it is one). */
function leavesOf(value: unknown, path: string[]): string[][] {
  if (!isMap(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([key, child]) => leavesOf(child, [...path, key]));
}

function shapeOf(value: unknown): Shape {
  return isMap(value) ? 'map' : Array.isArray(value) ? 'list' : 'scalar';
}

/**
 * A known path for an unknown one whose segment `unknownAt` is the first the chart lacks: the same path with a
 * near-miss key at that level (`retentoin` -> `retention`), else the known path that ends with the same keys
 * from there on (`webhook.serviceMonitor.enabled` -> `serviceMonitor.enabled`), when that is unambiguous.
 */
function suggest(path: KeyPath, unknownAt: number, known: Readonly<Record<string, unknown>>): KeyPath | undefined {
  const parent = valueAt(known, path.slice(0, unknownAt));
  if (isMap(parent)) {
    const near = closest(path[unknownAt]!, Object.keys(parent));
    if (near !== undefined) {
      const candidate = [...path.slice(0, unknownAt), near, ...path.slice(unknownAt + 1)];
      if (valueAt(known, candidate) !== undefined) return candidate;
    }
  }
  const tail = path.slice(unknownAt);
  const matches = knownPaths(known).filter(
    (candidate) =>
      candidate.length >= tail.length && tail.every((key, i) => candidate[candidate.length - tail.length + i] === key),
  );
  if (matches.length === 0 || (tail.length === 1 && matches.length > 1)) return undefined;
  const shared = (candidate: KeyPath): number => {
    let n = 0;
    while (n < candidate.length && n < path.length && candidate[n] === path[n]) n++;
    return n;
  };
  return [...matches].sort((a, b) => shared(b) - shared(a) || a.length - b.length)[0];
}

function valueAt(tree: unknown, path: KeyPath): unknown {
  let node: unknown = tree;
  for (const key of path) {
    if (!isMap(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

const pathsCache = new WeakMap<object, readonly KeyPath[]>();

/** Every key path of a tree of maps (intermediate maps included), computed once per tree. */
function knownPaths(tree: Readonly<Record<string, unknown>>): readonly KeyPath[] {
  const cached = pathsCache.get(tree);
  if (cached !== undefined) return cached;
  const out: KeyPath[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (!isMap(node)) return;
    for (const [key, child] of Object.entries(node)) {
      out.push([...path, key]);
      visit(child, [...path, key]);
    }
  };
  visit(tree, []);
  pathsCache.set(tree, out);
  return out;
}
