export * from './chart-rules';
export * from './check-helm-values';
export * from './helm-merge';
export * from './helm-releases';
export * from './key-check';
export * from './key-path';
export * from './reference-data';
export * from './values-schema';
