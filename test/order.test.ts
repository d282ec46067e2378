import { describe, expect, it } from 'vitest';
import { byCodePoint } from '../lib/order';

describe('byCodePoint', () => {
  it('orders the same whatever the locale, where localeCompare does not', () => {
    const names = ['z-app', 'aa-app', 'y-app', 'j-app'];
    expect([...names].sort(byCodePoint)).toEqual(['aa-app', 'j-app', 'y-app', 'z-app']);
    // What the machine's locale would do: Danish sorts "aa" last, Lithuanian "y" before "j".
    // eslint-disable-next-line no-restricted-syntax
    expect([...names].sort((a, b) => a.localeCompare(b, 'da'))).toEqual(['j-app', 'y-app', 'z-app', 'aa-app']);
    // eslint-disable-next-line no-restricted-syntax
    expect([...names].sort((a, b) => a.localeCompare(b, 'lt'))).toEqual(['aa-app', 'y-app', 'j-app', 'z-app']);
  });
});
