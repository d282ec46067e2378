import type { RawSchema } from '../schema/schema-registry';

type Schema = Record<string, unknown>;

/** One `x-kubernetes-validations` entry of a schema node. */
export interface CelRuleSpec {
  readonly rule: string;
  readonly message?: string;
  /** A CEL expression that builds the message from `self`; the plain message is the fallback. */
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/**
 * The parts of a kind's schema that JSON Schema cannot check, laid out along the document: list-map keys
 * (`x-kubernetes-list-type: map` with `x-kubernetes-list-map-keys`), sets (`x-kubernetes-list-type: set`)
 * and CEL rules (`x-kubernetes-validations`). Branches without any of them are left out, so walking a
 * document against its plan only visits the fields that matter.
 */
export interface PlanNode {
  /** The resolved schema of this position (CEL needs its types and property names). */
  readonly schema: Schema;
  readonly properties?: Readonly<Record<string, PlanNode>>;
  readonly additional?: PlanNode;
  readonly items?: PlanNode;
  readonly listMapKeys?: readonly string[];
  /** Defaults of list-map key fields, which count as the key when the field is left out (e.g. protocol TCP). */
  readonly keyDefaults?: Readonly<Record<string, unknown>>;
  readonly listSet?: boolean;
  readonly rules?: readonly CelRuleSpec[];
}

const REF_PREFIX = '#/definitions/';

/**
 * Defaults the API server applies before validating, for list-map key fields whose schema does not state
 * them: ports default `protocol` to TCP (core/v1 SetDefaults_ContainerPort, SetDefaults_ServicePort, ...).
 */
const DEFAULTED_KEYS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `$ref`s (and a single-entry `allOf`, as some generators write a `$ref` with siblings). */
export function resolveSchema(schema: unknown, definitions: RawSchema['definitions']): Schema | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 32 && isSchema(current); depth++) {
    const ref = current.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      current = definitions[ref.slice(REF_PREFIX.length)];
      continue;
    }
    const allOf = current.allOf;
    if (Array.isArray(allOf) && allOf.length === 1 && current.properties === undefined) {
      current = allOf[0];
      continue;
    }
    return current;
  }
  return undefined;
}

function celRulesOf(schema: Schema): CelRuleSpec[] {
  const raw = schema['x-kubernetes-validations'];
  if (!Array.isArray(raw)) return [];
  return raw.filter(isSchema).flatMap((entry) =>
    typeof entry.rule === 'string'
      ? [
          {
            rule: entry.rule,
            ...(typeof entry.message === 'string' ? { message: entry.message } : {}),
            ...(typeof entry.messageExpression === 'string' ? { messageExpression: entry.messageExpression } : {}),
            ...(typeof entry.fieldPath === 'string' ? { fieldPath: entry.fieldPath } : {}),
            ...(typeof entry.reason === 'string' ? { reason: entry.reason } : {}),
          },
        ]
      : [],
  );
}

/** Builds the plan of a kind; undefined when nothing in its schema needs more than JSON Schema. */
export function buildPlan(raw: RawSchema): PlanNode | undefined {
  const memo = new Map<Schema, PlanNode | undefined>();
  const inProgress = new Set<Schema>();

  const build = (input: unknown): PlanNode | undefined => {
    const schema = resolveSchema(input, raw.definitions);
    if (schema === undefined) return undefined;
    if (memo.has(schema)) return memo.get(schema);
    if (inProgress.has(schema)) return undefined; // recursive schemas (JSONSchemaProps) are not followed twice
    inProgress.add(schema);
    const node: {
      -readonly [K in keyof PlanNode]: PlanNode[K];
    } = { schema };
    let interesting = false;
    if (isSchema(schema.properties)) {
      const properties: Record<string, PlanNode> = {};
      for (const [name, sub] of Object.entries(schema.properties)) {
        const child = build(sub);
        if (child !== undefined) properties[name] = child;
      }
      if (Object.keys(properties).length > 0) {
        node.properties = properties;
        interesting = true;
      }
    }
    if (isSchema(schema.additionalProperties)) {
      const child = build(schema.additionalProperties);
      if (child !== undefined) {
        node.additional = child;
        interesting = true;
      }
    }
    if (isSchema(schema.items)) {
      const child = build(schema.items);
      if (child !== undefined) {
        node.items = child;
        interesting = true;
      }
    }
    const listType = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'];
    if (listType === 'map' && Array.isArray(keys) && keys.length > 0) {
      node.listMapKeys = keys.map(String);
      const itemProperties = resolveSchema(schema.items, raw.definitions)?.properties;
      const defaults: Record<string, unknown> = {};
      for (const key of node.listMapKeys) {
        const property = isSchema(itemProperties) ? resolveSchema(itemProperties[key], raw.definitions) : undefined;
        const fallback = DEFAULTED_KEYS[key];
        if (property?.default !== undefined) defaults[key] = property.default;
        else if (fallback !== undefined) defaults[key] = fallback;
      }
      node.keyDefaults = defaults;
      interesting = true;
    }
    if (listType === 'set') {
      node.listSet = true;
      interesting = true;
    }
    const rules = celRulesOf(schema);
    if (rules.length > 0) {
      node.rules = rules;
      interesting = true;
    }
    inProgress.delete(schema);
    const result = interesting ? node : undefined;
    memo.set(schema, result);
    return result;
  };

  return build(raw.root);
}
