import type { CelInput } from '@bufbuild/cel';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import type { RawSchema } from '../schema/schema-registry';
import type { Finding, ManifestDocument } from '../types';
import { evaluateMessage, evaluateRule } from './cel/cel-rules';
import { toCel } from './cel/cel-value';
import type { PlanNode } from './schema-plan';

/** Rule ids of the schema checks beyond JSON Schema. */
export const STRUCTURAL_RULES = {
  listMapKeys: 'api-list-map-keys',
  listSet: 'api-list-set',
  cel: 'cel',
} as const;

/** A CEL rule that was not evaluated on some object, and why. */
export interface UncheckedRuleHit {
  readonly rule: string;
  readonly reason: string;
  readonly document: ManifestDocument;
  readonly path: PathSegments;
}

export interface StructuralResult {
  readonly findings: Finding[];
  readonly unchecked: UncheckedRuleHit[];
}

const FIELD_PATH_PART = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;

/** `.spec.ports[0]` or `.metadata['name']` (a rule's `fieldPath`) as segments; invalid paths give none. */
export function fieldPathSegments(fieldPath: string): PathSegments {
  const segments: (string | number)[] = [];
  for (const match of fieldPath.matchAll(FIELD_PATH_PART)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(match[2]);
    else if (match[3] !== undefined) segments.push(Number(match[3]));
  }
  return segments;
}

function keyOf(item: unknown, keys: readonly string[], defaults: Readonly<Record<string, unknown>>): string {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  return JSON.stringify(keys.map((key) => record[key] ?? defaults[key] ?? null));
}

function describeKey(item: unknown, keys: readonly string[], defaults: Readonly<Record<string, unknown>>): string {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  return keys.map((key) => `${key}=${JSON.stringify(record[key] ?? defaults[key] ?? null)}`).join(', ');
}

/**
 * Walks a document along its schema plan: duplicate list-map keys and set entries (which the API server
 * rejects as "Duplicate value") and CEL rules. `definitions` resolves `$ref`s for CEL's view of values.
 */
export function checkStructure(
  document: ManifestDocument,
  plan: PlanNode,
  definitions: RawSchema['definitions'],
): StructuralResult {
  const findings: Finding[] = [];
  const unchecked: UncheckedRuleHit[] = [];

  const walk = (value: unknown, node: PlanNode, path: PathSegments): void => {
    if (node.rules !== undefined && value !== undefined) {
      let self: CelInput | undefined;
      for (const spec of node.rules) {
        self ??= toCel(value, node.schema, definitions);
        const outcome = evaluateRule(spec.rule, self);
        if (outcome.status === 'fail') {
          const at = spec.fieldPath === undefined ? path : [...path, ...fieldPathSegments(spec.fieldPath)];
          findings.push(
            findingAt(
              document,
              STRUCTURAL_RULES.cel,
              at,
              (spec.messageExpression === undefined ? undefined : evaluateMessage(spec.messageExpression, self)) ??
                spec.message ??
                `failed rule: ${spec.rule}`,
              `a value for which the CRD rule \`${spec.rule}\` holds`,
            ),
          );
        } else if (outcome.status === 'unchecked') {
          unchecked.push({ rule: spec.rule, reason: outcome.reason, document, path });
        }
      }
    }
    if (Array.isArray(value)) {
      if (node.listMapKeys !== undefined) {
        const seen = new Map<string, number>();
        const defaults = node.keyDefaults ?? {};
        value.forEach((item, index) => {
          const key = keyOf(item, node.listMapKeys ?? [], defaults);
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else {
            findings.push(
              findingAt(
                document,
                STRUCTURAL_RULES.listMapKeys,
                [...path, index],
                `duplicate entry (${describeKey(item, node.listMapKeys ?? [], defaults)}): the same key as item ${first}`,
                `unique ${(node.listMapKeys ?? []).join(' + ')} in this list (a list-map keyed by ${(node.listMapKeys ?? []).join(', ')})`,
              ),
            );
          }
        });
      }
      if (node.listSet === true) {
        const seen = new Map<string, number>();
        value.forEach((item, index) => {
          const key = JSON.stringify(item);
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else
            findings.push(
              findingAt(
                document,
                STRUCTURAL_RULES.listSet,
                [...path, index],
                `duplicate value ${key}: the same as item ${first}`,
                'each value once (the list is a set)',
              ),
            );
        });
      }
      if (node.items !== undefined)
        value.forEach((item, index) => walk(item, node.items as PlanNode, [...path, index]));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (node.properties !== undefined) {
      for (const [name, child] of Object.entries(node.properties)) {
        if (record[name] !== undefined) walk(record[name], child, [...path, name]);
      }
    }
    if (node.additional !== undefined) {
      for (const [name, item] of Object.entries(record)) {
        if (node.properties?.[name] === undefined) walk(item, node.additional, [...path, name]);
      }
    }
  };

  walk(document.object, plan, []);
  return { findings, unchecked };
}
