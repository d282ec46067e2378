export * from './cloudwatch';
export * from './cluster-addons';
export * from './external-secrets';
export * from './ingress';
export * from './karpenter';
export * from './logging';
export * from './monitoring';
export * from './shared';
