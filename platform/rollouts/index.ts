export * from './charts';
export * from './rollouts-stack';
export * from './values';
