import { isIP } from 'node:net';
import {
  type CelFunc,
  type CelList,
  type CelValue,
  CelScalar,
  celFunc,
  celList,
  celMethod,
  listType,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library) that CRD rules use, as far as we support
 * them. Standard CEL (macros, `matches`, `duration`, `timestamp`, `size`, ...) comes with @bufbuild/cel.
 * A rule calling anything else fails to evaluate and is reported as unchecked, never as passing.
 */
export const SUPPORTED_KUBERNETES_CEL_LIBRARIES = [
  'strings extension (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, join, quote)',
  'lists (isSorted, sum, min, max, indexOf, lastIndexOf)',
  'regex (find, findAll)',
  'IP and CIDR checks (isIP, isCIDR)',
  'URL check (isURL)',
  'quantity check (isQuantity)',
] as const;

const LIST = listType(CelScalar.DYN);
const { STRING, BOOL, INT, DYN } = CelScalar;

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return Number(a) - Number(b);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error('list elements are not comparable');
}

function elements(list: CelList): CelValue[] {
  return [...list];
}

function same(a: CelValue, b: CelValue): boolean {
  return typeof a === typeof b ? a === b : (typeof a === 'bigint' || typeof a === 'number') && Number(a) === Number(b);
}

function extreme(list: CelList, sign: number): CelValue {
  const values = elements(list);
  if (values.length === 0) throw new Error('min/max of an empty list');
  return values.reduce((best, value) => (compare(value, best) * sign > 0 ? value : best));
}

const listFunctions: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function (this: CelList) {
    const values = elements(this);
    return values.every((value, index) => index === 0 || compare(values[index - 1] as CelValue, value) <= 0);
  }),
  celMethod('sum', LIST, [], DYN, function (this: CelList) {
    const values = elements(this);
    if (values.every((value) => typeof value === 'bigint'))
      return values.reduce((sum: bigint, value) => sum + (value as bigint), 0n);
    return values.reduce((sum: number, value) => sum + Number(value), 0);
  }),
  celMethod('min', LIST, [], DYN, function (this: CelList) {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], DYN, function (this: CelList) {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (this: CelList, item: CelValue) {
    return BigInt(elements(this).findIndex((value) => same(value, item)));
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (this: CelList, item: CelValue) {
    return BigInt(elements(this).findLastIndex((value) => same(value, item)));
  }),
];

const regexFunctions: CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (this: string, pattern: string) {
    return new RegExp(pattern).exec(this)?.[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (this: string, pattern: string) {
    return celList([...this.matchAll(new RegExp(pattern, 'g'))].map((match) => match[0]));
  }),
];

function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  if (bits === undefined || rest.length > 0 || !/^[0-9]{1,3}$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Kubernetes quantity syntax (resource.Quantity): a signed decimal number and an optional suffix. */
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$/;

const formatFunctions: CelFunc[] = [
  celFunc('isIP', [STRING], BOOL, (value: string) => isIP(value) !== 0),
  celFunc('isCIDR', [STRING], BOOL, isCidr),
  celFunc('isURL', [STRING], BOOL, (value: string) => URL.canParse(value)),
  celFunc('isQuantity', [STRING], BOOL, (value: string) => QUANTITY.test(value)),
];

export const KUBERNETES_CEL_FUNCTIONS: readonly CelFunc[] = [
  ...strings,
  ...listFunctions,
  ...regexFunctions,
  ...formatFunctions,
];
