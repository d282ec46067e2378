export * from './pin-change';
export * from './pin-format';
export * from './pins-at-ref';
export * from './promote';
export * from './release';
