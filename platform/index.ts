export * from './external-secrets';
export * from './ingress';
export * from './logging';
export * from './monitoring';
export * from './shared';
