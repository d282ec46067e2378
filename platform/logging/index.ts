export * from './alloy-config';
export * from './alloy-values';
export * from './charts';
export * from './logging-stack';
export * from './loki-values';
