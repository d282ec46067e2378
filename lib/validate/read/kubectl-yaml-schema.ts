import jsYaml from 'js-yaml';

/**
 * Plain scalars resolved the way kubectl and Argo CD read manifests: sigs.k8s.io/yaml on go-yaml v2, i.e.
 * YAML 1.1 booleans (`y`, `yes`, `on`, `off`, ...), Go `ParseInt(s, 0, 64)` integers (a leading `0` is octal,
 * `0x`/`0o`/`0b` prefixes, underscores ignored) and go-yaml's float syntax. Quoted scalars stay strings.
 * Timestamps are left as strings (go-yaml v2 turns them into RFC 3339 strings again on the way to JSON).
 */
const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

const bool11 = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && data.length <= 5 && (TRUE.has(data) || FALSE.has(data)),
  construct: (data: string) => TRUE.has(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => String(value),
});

/** Numbers start with a digit, a sign or a dot: most scalars are ruled out by their first character. */
function mayBeNumber(data: string): boolean {
  const first = data.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
}

/** Go's base-0 integer syntax after go-yaml v2 removed every underscore. */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|0|[1-9][0-9]*)$/;

function parseGoInt(text: string): number {
  const plain = text.replaceAll('_', '');
  const negative = plain.startsWith('-');
  const body = plain.replace(/^[-+]/, '');
  let value: number;
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8);
  else if (/^0[0-7]+$/.test(body)) value = Number.parseInt(body.slice(1), 8);
  else value = Number(body);
  return negative ? -value : value;
}

const int11 = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && mayBeNumber(data) && GO_INT.test(data.replaceAll('_', '')),
  construct: parseGoInt,
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
  represent: (value: object) => String(value),
});

const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
};

const float11 = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null && mayBeNumber(data) && (data in SPECIAL_FLOATS || GO_FLOAT.test(data.replaceAll('_', ''))),
  construct: (data: string) => SPECIAL_FLOATS[data] ?? Number(data.replaceAll('_', '')),
  predicate: (value: unknown) => typeof value === 'number',
  represent: (value: object) => String(value),
});

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

const null11 = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULLS.has(data),
  construct: () => null,
  predicate: (value: unknown) => value === null,
  represent: () => 'null',
});

/** The js-yaml schema that reads plain scalars as go-yaml v2 does (see above). */
export const KUBECTL_YAML_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [null11, bool11, int11, float11] });
