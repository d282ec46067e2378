export * from './charts';
export * from './cost-stack';
export * from './opencost-values';
