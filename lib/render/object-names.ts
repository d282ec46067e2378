import type { ResolvedApp } from '../model/resolved-app';

/** Kubernetes object names of an app, in one place so every construct refers to the same objects. */
export const objectNames = {
  /** Namespace, ServiceAccount, workload, Service, HPA, PDB and Ingress share the app's name. */
  workload: (app: ResolvedApp): string => app.name,
  config: (app: ResolvedApp): string => `${app.name}-config`,
  /** The Secret an ExternalSecret materialises from AWS Secrets Manager. */
  secret: (app: ResolvedApp): string => `${app.name}-secrets`,
  defaultDenyPolicy: 'default-deny',
  /** Canary: the Services Argo Rollouts points at the stable and the canary pods (ALB target groups). */
  stableService: (app: ResolvedApp): string => `${app.name}-stable`,
  canaryService: (app: ResolvedApp): string => `${app.name}-canary`,
  /** Blue-green: the Service (and Ingress) of the preview pods; the app's own Service is the active one. */
  preview: (app: ResolvedApp): string => `${app.name}-preview`,
} as const;
