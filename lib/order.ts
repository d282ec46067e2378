/**
 * Orders strings by UTF-16 code units, as `Array.prototype.sort()` does with no comparator: the same on every
 * machine. Never `localeCompare`, whose order follows the machine's locale (Danish sorts "aa" after "z",
 * Lithuanian "y" before "j"), so generated/ would differ between colleagues.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
