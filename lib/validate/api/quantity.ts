/**
 * Kubernetes quantities (k8s.io/apimachinery/pkg/api/resource), read exactly: `500m`, `1.5Gi`, `1e3`, `0.1`.
 * A quantity is kept as a fraction of big integers so that comparisons never round (`1Gi` > `1073741823`).
 */

/** The grammar ParseQuantity accepts: a signed decimal number, then one suffix (binary SI, decimal SI or exponent). */
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** What the API server says when a value does not parse (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Readonly<Record<string, bigint>> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** An exact quantity: numerator / denominator, denominator > 0. */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const parsed = new Map<string, Quantity | undefined>();

/** The quantity a YAML value denotes (numbers are read as their decimal text, as Quantity.UnmarshalJSON does). */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  // The same few quantities (100m, 128Mi) repeat in every container of a tree.
  if (parsed.has(text)) return parsed.get(text);
  const quantity = parseText(text);
  if (parsed.size < 10_000) parsed.set(text, quantity);
  return quantity;
}

function parseText(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  if (sign === '-') numerator = -numerator;
  const binary = BINARY[suffix];
  if (binary !== undefined) numerator *= 1024n ** binary;
  else if (suffix !== '') exponent += DECIMAL[suffix] ?? Number(suffix.slice(1));
  // Exponents far beyond any real resource would make huge big integers: clamp like inf.Dec's scale limits do.
  if (Math.abs(exponent) > 1000) return undefined;
  return exponent >= 0
    ? { numerator: numerator * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator, denominator: 10n ** BigInt(-exponent) };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isInteger(quantity: Quantity): boolean {
  return quantity.numerator % quantity.denominator === 0n;
}

export function isNegative(quantity: Quantity): boolean {
  return quantity.numerator < 0n;
}

/** Whether a is a whole, positive multiple of b (huge page sizes). */
export function isMultipleOf(a: Quantity, b: Quantity): boolean {
  if (b.numerator === 0n) return false;
  // a / b = (a.n * b.d) / (a.d * b.n)
  return (a.numerator * b.denominator) % (a.denominator * b.numerator) === 0n;
}
