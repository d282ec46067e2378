import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { findingAt } from '../load-documents';
import { pointerToSegments } from '../json-path';
import { apiVersionOf, describeResource, kindOf } from '../kube-object';
import type { Finding, ManifestDocument } from '../types';
import type { SchemaRegistry } from './schema-registry';
import { INTEGER_FORMAT_RANGES, INTEGER_FORMAT_TEXT } from './strict-schema';

/** Rule ids of schema validation. */
export const SCHEMA_RULES = {
  schema: 'schema',
  broken: 'schema-broken',
  missing: 'schema-missing',
  removed: 'api-removed',
} as const;

/** Whether `--skip-kind` entries (`Kind` or `group/version/Kind`, as kubeconform's -skip) cover a document. */
export function isSkipped(skipKinds: ReadonlySet<string>, apiVersion: string, kind: string): boolean {
  return skipKinds.has(kind) || skipKinds.has(`${apiVersion}/${kind}`);
}

/** Schemas that did not compile, each with the documents it left unchecked. */
export type BrokenSchemas = Map<string, { readonly problem: string; readonly documents: ManifestDocument[] }>;

/**
 * Validates one document against the strict schema of its kind on the cluster's Kubernetes version. A schema
 * that does not compile adds the document to `broken` (reported once per schema) instead of throwing.
 */
export async function checkSchema(
  registry: SchemaRegistry,
  document: ManifestDocument,
  kubernetesVersion: string,
  skipKinds: ReadonlySet<string>,
  broken: BrokenSchemas = new Map(),
): Promise<Finding[]> {
  const apiVersion = apiVersionOf(document.object);
  const kind = kindOf(document.object);
  if (apiVersion === '' || kind === '') {
    const field = apiVersion === '' ? 'apiVersion' : 'kind';
    return [findingAt(document, SCHEMA_RULES.schema, [field], `missing ${field}`, `a non-empty string ${field}`)];
  }
  if (isSkipped(skipKinds, apiVersion, kind)) return [];
  const lookup = await registry.lookup(kubernetesVersion, apiVersion, kind);
  if (lookup.status === 'missing') {
    return [findingAt(document, lookup.rule, ['apiVersion'], lookup.message, lookup.expected)];
  }
  if (lookup.status === 'broken') {
    const entry = broken.get(lookup.source) ?? { problem: lookup.problem, documents: [] };
    entry.documents.push(document);
    broken.set(lookup.source, entry);
    return [];
  }
  if (lookup.validate(document.object)) return [];
  return explainErrors(lookup.validate.errors ?? []).map((error) =>
    findingAt(document, SCHEMA_RULES.schema, error.segments, error.message, error.expected),
  );
}

interface ExplainedError {
  readonly segments: (string | number)[];
  readonly message: string;
  readonly expected?: string;
}

/** Turns ajv errors into one line each, folding the branches of `oneOf`/`anyOf` into their parent. */
export function explainErrors(errors: readonly ErrorObject[]): ExplainedError[] {
  const unions = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const kept = errors.filter(
    (error) => !unions.some((union) => union !== error && error.schemaPath.startsWith(`${union.schemaPath}/`)),
  );
  const seen = new Set<string>();
  const out: ExplainedError[] = [];
  for (const error of kept) {
    const explained = explainError(error);
    const key = `${explained.segments.join('/')}|${explained.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(explained);
  }
  return out;
}

function explainError(error: ErrorObject): ExplainedError {
  const segments = pointerToSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        segments: [...segments, field],
        message: `unknown field "${field}"`,
        expected: known.length > 0 ? `one of: ${known.sort().join(', ')}` : 'no extra fields',
      };
    }
    case 'required':
      return {
        segments,
        message: `missing required field "${String(params.missingProperty)}"`,
        expected: `set ${String(params.missingProperty)}`,
      };
    case 'type': {
      const yaml11 =
        String(params.type) === 'string' && (typeof error.data === 'boolean' || typeof error.data === 'number');
      return {
        segments,
        message: yaml11
          ? `wrong type: ${describeValue(error.data)}: kubectl and Argo CD read YAML 1.1, where unquoted yes/no/on/off/y/n are booleans and 0755, 1_000, 1e3 are numbers`
          : `wrong type: ${describeValue(error.data)}`,
        expected: yaml11 ? 'a quoted string' : `a value of type ${String(params.type)}`,
      };
    }
    case 'maximum':
    case 'minimum': {
      const format = (error.parentSchema as { 'x-int-format'?: unknown } | undefined)?.['x-int-format'];
      const limit = params.limit as number;
      const range = typeof format === 'string' ? INTEGER_FORMAT_RANGES[format] : undefined;
      if (range !== undefined && limit === range[error.keyword === 'maximum' ? 1 : 0]) {
        return {
          segments,
          message: `value ${describeValue(error.data)} overflows ${format as string}`,
          expected: `an integer ${INTEGER_FORMAT_TEXT[format as string] ?? ''}`,
        };
      }
      return {
        segments,
        message: `value ${describeValue(error.data)} ${error.message ?? 'is out of range'}`,
        expected: `a number ${error.keyword === 'maximum' ? 'at most' : 'at least'} ${limit}`,
      };
    }
    case 'enum':
      return {
        segments,
        message: `value ${JSON.stringify(error.data)} is not allowed`,
        expected: `one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'oneOf':
    case 'anyOf': {
      const branches = Array.isArray(error.schema) ? (error.schema as { type?: unknown }[]) : [];
      const types = branches.map((branch) => (typeof branch.type === 'string' ? branch.type : 'object'));
      return {
        segments,
        message: `value ${describeValue(error.data)} matches none of the allowed forms`,
        expected: `a ${[...new Set(types)].join(' or ')}`,
      };
    }
    case 'pattern':
      return {
        segments,
        message: `value ${JSON.stringify(error.data)} does not match the pattern`,
        expected: `a string matching ${String(params.pattern)}`,
      };
    default:
      return {
        segments,
        message: `value ${describeValue(error.data)} ${error.message ?? 'is invalid'}`,
        expected: error.message,
      };
  }
}

function describeValue(value: unknown): string {
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (type === 'object' || type === 'array') return `(${type})`;
  return `${JSON.stringify(value)} (${type})`;
}

/** One finding per schema that did not compile, at its first document, naming every object left unchecked. */
export function brokenSchemaFindings(broken: BrokenSchemas, schemaDir: string): Finding[] {
  return [...broken.entries()].map(([source, { problem, documents }]) => {
    const first = documents[0] as ManifestDocument;
    const objects = documents.map((doc) => `${describeResource(doc.object)} (${doc.file})`);
    const shown = objects.slice(0, 10).join(', ') + (objects.length > 10 ? `, and ${objects.length - 10} more` : '');
    return findingAt(
      first,
      SCHEMA_RULES.broken,
      ['apiVersion'],
      `schema ${path.relative(schemaDir, source)} does not compile (${problem}); ${documents.length} object(s) left unchecked: ${shown}`,
      'a schema that compiles: fix or replace the schema file (e.g. boolean exclusiveMaximum is OpenAPI 3.0 / draft-04 syntax)',
    );
  });
}
