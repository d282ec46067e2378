import { describe, expect, it } from 'vitest';
import { coalesceValues } from '../../../lib/validate/helm-values/helm-merge';

describe('coalesceValues', () => {
  it('merges maps key by key, replaces lists and scalars, and removes a default set to null', () => {
    const defaults = { a: { b: 1, c: [1, 2], d: 'x' }, e: true };
    const merged = coalesceValues(defaults, { a: { c: [3], d: null }, f: 2 });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, e: true, f: 2 });
    expect(defaults).toEqual({ a: { b: 1, c: [1, 2], d: 'x' }, e: true });
  });
});
