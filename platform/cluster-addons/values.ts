/** The metrics-server chart values we set (charts/metrics-server `values.yaml`). */
export interface MetricsServerValues {
  /** Two replicas behind the `v1beta1.metrics.k8s.io` APIService: HPAs keep working while one restarts. */
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
}

export function metricsServerValues(): MetricsServerValues {
  return {
    replicas: 2,
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } },
  };
}

/** The cert-manager chart values we set (deploy/charts/cert-manager `values.yaml`, checked by its values.schema.json). */
export interface CertManagerValues {
  /**
   * The chart installs the CRDs, and keeps them when the release is removed (`helm.sh/resource-policy: keep`):
   * deleting a CRD deletes every Certificate and Issuer in the cluster.
   */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly webhook: { readonly replicaCount: number };
  readonly cainjector: { readonly replicaCount: number };
  /**
   * No ServiceMonitor: cert-manager syncs before monitoring, whose CRDs it would need, and the chart does not
   * check that the CRD exists.
   */
  readonly prometheus: { readonly enabled: boolean; readonly servicemonitor: { readonly enabled: boolean } };
}

export function certManagerValues(replicas: number): CertManagerValues {
  return {
    crds: { enabled: true, keep: true },
    replicaCount: replicas,
    webhook: { replicaCount: replicas },
    cainjector: { replicaCount: replicas },
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
  };
}
