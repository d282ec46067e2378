import type { RolloutsSettings } from '../../lib/model/platform-settings';

/** The argo-rollouts chart values we set (chart 2.41 `values.yaml`). */
export interface ArgoRolloutsValues {
  readonly installCRDs: boolean;
  /** The CRDs stay when the chart goes: deleting them would delete every app's Rollout, and its pods. */
  readonly keepCRDs: boolean;
  readonly controller: {
    readonly replicas: number;
    readonly pdb: { readonly enabled: boolean; readonly minAvailable?: number };
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly memory: string };
    };
    readonly metrics: {
      readonly enabled: boolean;
      readonly serviceMonitor: {
        readonly enabled: boolean;
        readonly metricRelabelings?: readonly Record<string, unknown>[];
      };
    };
  };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  /** Least privilege: RBAC for the one traffic router used here, the AWS Load Balancer Controller's Ingress. */
  readonly providerRBAC: { readonly enabled: boolean; readonly providers: Readonly<Record<string, boolean>> };
  /** The dashboard would be another unauthenticated UI; Argo CD shows Rollouts (steps, analysis, abort/promote). */
  readonly dashboard: { readonly enabled: boolean };
}

/** The service account of the controller (the release name, which the chart also uses). */
export const ARGO_ROLLOUTS_RELEASE = 'argo-rollouts';
export const ARGO_ROLLOUTS_NAMESPACE = 'argo-rollouts';

/** Values for the Argo Rollouts controller: no AWS identity (target group verification stays off). */
export function argoRolloutsValues(settings: RolloutsSettings, monitoring: boolean): ArgoRolloutsValues {
  const ha = settings.controllerReplicas > 1;
  return {
    installCRDs: true,
    keepCRDs: true,
    controller: {
      replicas: settings.controllerReplicas,
      pdb: ha ? { enabled: true, minAvailable: 1 } : { enabled: false },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      // Its metrics feed the RolloutAborted and RolloutPausedTooLong alerts (platform/monitoring).
      metrics: {
        enabled: monitoring,
        serviceMonitor: monitoring ? { enabled: true, metricRelabelings: KEEP_ROLLOUT_NAMESPACE } : { enabled: false },
      },
    },
    serviceAccount: { create: true, name: ARGO_ROLLOUTS_RELEASE },
    providerRBAC: {
      enabled: true,
      providers: {
        istio: false,
        smi: false,
        ambassador: false,
        awsLoadBalancerController: true,
        awsAppMesh: false,
        traefik: false,
        apisix: false,
        contour: false,
        glooPlatform: false,
        gatewayAPI: false,
      },
    },
    dashboard: { enabled: false },
  };
}

/**
 * Prometheus renames a scraped `namespace` label to `exported_namespace` (the target's namespace, argo-rollouts,
 * wins). The app alerts select a Rollout's series by its own namespace: put it back.
 */
const KEEP_ROLLOUT_NAMESPACE: readonly Record<string, unknown>[] = [
  { sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace', action: 'replace' },
  { regex: 'exported_namespace', action: 'labeldrop' },
];
