export * from './charts';
export * from './cloudwatch-metrics';
export * from './cloudwatch-stack';
export * from './data-store-alerts';
export * from './data-store-dashboard';
export * from './yace-config';
export * from './yace-values';
