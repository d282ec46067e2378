import type { CelInput } from '@bufbuild/cel';
import type { RawSchema } from '../../schema/schema-registry';
import { resolveSchema } from '../schema-plan';

/** CEL keywords Kubernetes escapes as `__<keyword>__` when they are property names. */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** How a property name is spelled in CEL (k8s.io/apiserver/pkg/cel Escape). */
export function escapeProperty(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

/**
 * A JSON value as CEL sees it under its schema: integers are CEL ints (bigint), `number` fields doubles,
 * objects with declared properties have escaped keys, maps (`additionalProperties`) keep theirs.
 */
export function toCel(value: unknown, schemaInput: unknown, definitions: RawSchema['definitions']): CelInput {
  const schema = resolveSchema(schemaInput, definitions) ?? {};
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema.items, definitions));
  if (typeof value === 'number') {
    const integer = schema.type === 'integer' || (schema.type !== 'number' && Number.isInteger(value));
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value !== 'object' || value === null) return value as CelInput;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const declared = Object.keys(properties).length > 0;
  const map = new Map<string, CelInput>();
  for (const [key, item] of Object.entries(value)) {
    const sub = declared ? properties[key] : schema.additionalProperties;
    map.set(declared && key in properties ? escapeProperty(key) : key, toCel(item, sub, definitions));
  }
  return map;
}
