/** Formats shared by every input check, each with the wording used in error messages. */

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function dnsLabelProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    return `"${value}" is not a valid DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (for example "checkout-api")`;
  }
  return undefined;
}

export function hostnameProblem(value: string): string | undefined {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    return `"${value}" is not a valid host name: lower-case DNS labels separated by dots (for example "api" or "api.example.com")`;
  }
  return undefined;
}

export function portNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 15 || !PORT_NAME.test(value) || !/[a-z]/.test(value)) {
    return `${JSON.stringify(value)} is not a valid port name: at most 15 lower-case letters, digits and "-", with at least one letter (for example "http")`;
  }
  return undefined;
}

export function portNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'number') {
    return `${JSON.stringify(value)} is a ${typeof value}: a port is a number from 1 to 65535 (write 8080, not "8080")`;
  }
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return `${JSON.stringify(value)} is out of range: a port is an integer from 1 to 65535`;
  }
  return undefined;
}

export function envNameProblem(value: string): string | undefined {
  return ENV_NAME.test(value)
    ? undefined
    : `"${value}" is not a valid environment variable name (letters, digits and "_", not starting with a digit)`;
}

export function positiveIntegerProblem(value: unknown, minimum = 1, maximum?: number): string | undefined {
  if (typeof value !== 'number') return `${JSON.stringify(value)} is a ${typeof value}; write a number`;
  if (!Number.isInteger(value) || value < minimum) return `${value} must be an integer of at least ${minimum}`;
  if (maximum !== undefined && value > maximum)
    return `${value} is more than ${maximum}, the most this repository allows`;
  return undefined;
}

const CRON_RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** The macros Kubernetes' CronJob accepts instead of five fields (the robfig/cron descriptors it documents). */
const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/** Names the month (field 4) and day-of-week (field 5) fields accept, as Kubernetes' parser does. */
const CRON_NAMES: readonly (readonly string[] | undefined)[] = [
  undefined,
  undefined,
  undefined,
  ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
];

/**
 * A CronJob schedule as Kubernetes parses it: five fields (minute hour day-of-month month day-of-week) of
 * numbers, ranges, lists and steps, month and weekday names (JAN, MON-FRI), `?` for any day, or a macro such
 * as @hourly or @daily. Times are UTC.
 */
export function cronProblem(value: unknown): string | undefined {
  const hint =
    'expected five fields "minute hour day-of-month month day-of-week" (for example "30 2 * * *" or "0 9 * * MON-FRI") or a macro (@hourly, @daily, @weekly, @monthly, @yearly)';
  if (typeof value !== 'string') return `missing schedule: ${hint}`;
  const trimmed = value.trim();
  if (trimmed.startsWith('@')) {
    return CRON_MACROS.includes(trimmed.toLowerCase())
      ? undefined
      : `"${value}" is not a schedule macro Kubernetes knows: ${hint}`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    return `"${value}": Kubernetes refuses a time zone inside the schedule; schedules here are UTC`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `"${value}" is not a cron expression: ${hint}`;
  for (const [index, field] of fields.entries()) {
    const [low, high] = CRON_RANGES[index]!;
    const names = CRON_NAMES[index];
    const anyDay = (index === 2 || index === 4) && field === '?';
    if (!anyDay && !field.split(',').every((item) => cronItemWithin(item, low, high, names))) {
      const allowed =
        names === undefined
          ? `numbers within ${low}-${high}`
          : `numbers within ${low}-${high} or ${names[0]}-${names.at(-1)}`;
      return `"${value}" is not a cron expression: field ${index + 1} ("${field}") must use ${allowed}; ${hint}`;
    }
  }
  return undefined;
}

/** One list item of a cron field: `*`, `n` or `n-m` (numbers or names), optionally followed by `/step`. */
function cronItemWithin(item: string, low: number, high: number, names: readonly string[] | undefined): boolean {
  const match = /^(\*|(\w+)(?:-(\w+))?)(?:\/(\d+))?$/.exec(item);
  if (match === null) return false;
  const value = (part: string): number => {
    if (/^\d+$/.test(part)) return Number(part);
    const index = names?.indexOf(part.toUpperCase()) ?? -1;
    return index < 0 ? Number.NaN : index + low;
  };
  const bounds = [match[2], match[3]].filter((part) => part !== undefined).map(value);
  const step = match[4] === undefined ? 1 : Number(match[4]);
  return step > 0 && bounds.every((n) => n >= low && n <= high) && (bounds.length < 2 || bounds[0]! <= bounds[1]!);
}

export function cidrProblem(value: unknown): string | undefined {
  const match =
    typeof value === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value) : null;
  if (match === null || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) {
    return `${JSON.stringify(value)} is not an IPv4 CIDR block (for example "10.20.0.0/16")`;
  }
  return undefined;
}

/** Whether two IPv4 CIDR blocks share any address (false when either is not a valid block). */
export function cidrsOverlap(a: unknown, b: unknown): boolean {
  const range = (value: unknown): [number, number] | undefined => {
    if (typeof value !== 'string' || cidrProblem(value) !== undefined) return undefined;
    const [address, bits] = value.split('/') as [string, string];
    const start = address.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(bits));
    const first = start - (start % size);
    return [first, first + size - 1];
  };
  const x = range(a);
  const y = range(b);
  return x !== undefined && y !== undefined && x[0] <= y[1] && y[0] <= x[1];
}

export function awsAccountIdProblem(value: unknown): string | undefined {
  return /^\d{12}$/.test(String(value)) ? undefined : `${JSON.stringify(value)} is not a 12-digit AWS account id`;
}

export function awsRegionProblem(value: unknown): string | undefined {
  return /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(String(value))
    ? undefined
    : `${JSON.stringify(value)} is not an AWS region (for example "eu-west-1")`;
}
