export * from './app-external-secret';
export * from './charts';
export * from './external-secret';
export * from './external-secrets-stack';
export * from './values';
