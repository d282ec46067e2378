/**
 * The name and value syntaxes of k8s.io/apimachinery/pkg/util/validation, each returning what is wrong
 * (empty when the value is valid), worded like the API server's messages.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

function tooLong(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters (is ${value.length})`] : [];
}

export function dns1123Label(value: string): string[] {
  return [
    ...tooLong(value, 63),
    ...(DNS1123_LABEL.test(value)
      ? []
      : [
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        ]),
  ];
}

export function dns1123Subdomain(value: string): string[] {
  return [
    ...tooLong(value, 253),
    ...(DNS1123_SUBDOMAIN.test(value)
      ? []
      : [
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        ]),
  ];
}

export function dns1035Label(value: string): string[] {
  return [
    ...tooLong(value, 63),
    ...(DNS1035_LABEL.test(value)
      ? []
      : [
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        ]),
  ];
}

/** Names that only have to be a valid path segment (RBAC roles and bindings, e.g. `system:controller`). */
export function pathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return /[/%]/.test(value) ? ["may not contain '/' or '%'"] : [];
}

/** A label or annotation key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
const memo = new Map<string, string[]>();

/** Caches a syntax check: label keys and values repeat across thousands of objects. */
function memoized(kind: string, check: (value: string) => string[]): (value: string) => string[] {
  return (value) => {
    const key = `${kind}\u0000${value}`;
    let result = memo.get(key);
    if (result === undefined) {
      result = check(value);
      if (memo.size < 100_000) memo.set(key, result);
    }
    return [...result];
  };
}

export const qualifiedName = memoized('qualified', qualifiedNameUncached);
export const labelValue = memoized('label', labelValueUncached);

function qualifiedNameUncached(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errors: string[] = [];
  if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123Subdomain(prefix).map((message) => `prefix part ${message}`));
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name === '') errors.push('name part must be non-empty');
  else {
    errors.push(...tooLong(name, 63).map((message) => `name part ${message}`));
    if (!QUALIFIED_NAME_PART.test(name)) {
      errors.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      );
    }
  }
  return errors;
}

function labelValueUncached(value: string): string[] {
  return [
    ...tooLong(value, 63),
    ...(LABEL_VALUE.test(value)
      ? []
      : [
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ]),
  ];
}

/** A port name (IANA_SVC_NAME, RFC 6335): at most 15 characters, a-z, 0-9 and '-', at least one letter. */
export function ianaServiceName(value: string): string[] {
  const errors = tooLong(value, 15);
  if (!IANA_SVC_NAME.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (/[a-z]/.test(value) === false) errors.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

export function configMapKey(value: string): string[] {
  return [
    ...tooLong(value, 253),
    ...(CONFIG_MAP_KEY.test(value)
      ? []
      : ["a valid config key must consist of alphanumeric characters, '-', '_' or '.'"]),
  ];
}

export function portNumber(value: number): string[] {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Printable ASCII (space to `~`) other than `=`. */
const RELAXED_ENV_VAR_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

/**
 * An environment variable name (or envFrom prefix). `relaxed` is the RelaxedEnvironmentVariableValidation rule
 * (on by default from Kubernetes 1.32, GA in 1.34): any printable ASCII but `=`. Without it, a C-like identifier
 * that may also contain `-` and `.` and must not be `.`, `..` or start with `..`.
 */
export function envVarName(value: string, relaxed: boolean): string[] {
  if (relaxed) {
    if (value === '') return ['environment variable name must be non-empty'];
    return RELAXED_ENV_VAR_NAME.test(value)
      ? []
      : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  const errors = ENV_VAR_NAME.test(value)
    ? []
    : [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
      ];
  if (value === '.' || value === '..') errors.push(`must not be '${value}'`);
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}
