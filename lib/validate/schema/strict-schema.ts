import { translateRe2Pattern } from './re2-pattern';

type Schema = Record<string, unknown>;

/** RFC 3339 date-time, the one format kubeconform asserts that Kubernetes schemas use. */
const DATE_TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$';

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
 * - `format` is dropped except `date-time` (becomes a pattern): int32, int64, byte and the other OpenAPI
 *   formats are not asserted by kubeconform either.
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
      if (value === 'date-time' && out.pattern === undefined && schema.pattern === undefined) {
        out.pattern = DATE_TIME_PATTERN;
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
