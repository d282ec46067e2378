export * from './argocd';
export * from './helm-application';
export * from './labels';
