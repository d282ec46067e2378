export * from './charts';
export * from './endpoints';
export * from './otel-environment';
export * from './tempo-values';
export * from './tracing-stack';
