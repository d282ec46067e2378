export * from './charts';
export * from './karpenter-stack';
export * from './node-pools';
export * from './values';
