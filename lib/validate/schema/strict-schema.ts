import { translateRe2Pattern } from './re2-pattern';

type Schema = Record<string, unknown>;

/** RFC 3339 date-time, the one format kubeconform asserts that Kubernetes schemas use. */
const DATE_TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$';

/**
 * Ranges of the OpenAPI integer formats, as the API server's decoding enforces them. int64's bounds are the
 * nearest doubles (±2^63): JSON numbers beyond 2^53 are not exact in JavaScript anyway.
 */
export const INTEGER_FORMAT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
};

/** The ranges as the API server states them. */
export const INTEGER_FORMAT_TEXT: Readonly<Record<string, string>> = {
  int32: 'from -2147483648 to 2147483647',
  int64: 'from -9223372036854775808 to 9223372036854775807',
};

/** `format: byte` (Secret `data`, CA bundles): standard base64, as Go's encoding/json decodes []byte. */
const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', 'dependencies'] as const;
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'items'] as const;
const SCHEMA_KEYWORDS = ['additionalProperties', 'additionalItems', 'items', 'not'] as const;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a strict copy of a JSON schema, as kubeconform's strict mode (openapi2jsonschema `--strict`) does:
 * - every object schema that lists `properties` and says nothing about `additionalProperties` rejects
 *   unknown fields, unless it carries `x-kubernetes-preserve-unknown-fields: true`;
 * - RE2 inline flags in `pattern` are translated to JavaScript;
 * - `format` becomes what the API server enforces when it decodes: `date-time` and `byte` (base64) become
 *   patterns, `int32` and `int64` become `minimum`/`maximum` (kept as `x-int-format` so errors can say
 *   "overflows int32"); other formats are not asserted (as in kubeconform).
 * Only schema positions are walked, so a property *named* `properties` (as in JSONSchemaProps) is left alone.
 * The input is not modified.
 */
export function toStrictSchema(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toStrictSchema(sub)]));
    } else if ((SCHEMA_LIST_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map(toStrictSchema);
    } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      out[key] = toStrictSchema(value);
    } else if (key === 'pattern' && typeof value === 'string') {
      out[key] = translateRe2Pattern(value);
    } else if (key === 'format') {
      const hasPattern = out.pattern !== undefined || schema.pattern !== undefined;
      if (value === 'date-time' && !hasPattern) out.pattern = DATE_TIME_PATTERN;
      if (value === 'byte' && !hasPattern) out.pattern = BASE64_PATTERN;
      const range = typeof value === 'string' ? INTEGER_FORMAT_RANGES[value] : undefined;
      if (range !== undefined) {
        out['x-int-format'] = value;
        if (schema.minimum === undefined) out.minimum = range[0];
        if (schema.maximum === undefined) out.maximum = range[1];
      }
    } else {
      out[key] = value;
    }
  }
  const preservesUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (isSchema(schema.properties) && !('additionalProperties' in schema) && !preservesUnknown) {
    out.additionalProperties = false;
  }
  return out;
}
