import type { ExternalSecretsSettings } from '../../lib/model/platform-settings';
import type { PlatformServiceAccount } from '../../lib/naming';

/** The external-secrets chart values we set (chart 2.x `values.yaml`). */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly replicaCount: number;
  /** Needed with more than one replica: only the leader reconciles. */
  readonly leaderElect: boolean;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  /**
   * One switch for the ServiceMonitors of all three components (controller, webhook, cert controller); the
   * per-component `webhook.serviceMonitor` and `certController.serviceMonitor` were removed from the chart in 2023.
   */
  readonly serviceMonitor: { readonly enabled: boolean };
  readonly webhook: {
    readonly replicaCount: number;
    readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  };
  readonly certController: { readonly replicaCount: number };
  /**
   * Nothing here writes to Secrets Manager: the controller ignores PushSecrets, so no namespace can copy a
   * cluster Secret out with the controller's identity (team projects also refuse the kind).
   */
  readonly processPushSecret: boolean;
  readonly processClusterPushSecret: boolean;
}

/**
 * Values for External Secrets Operator. Credentials come from EKS Pod Identity: the association binds the
 * chart's service account to the role `platformRoleName(cluster, 'external-secrets')`, so the service account
 * carries no IRSA annotation.
 */
export function externalSecretsValues(
  settings: ExternalSecretsSettings,
  account: PlatformServiceAccount,
  monitoring: boolean,
): ExternalSecretsValues {
  const ha = settings.replicas > 1;
  return {
    installCRDs: true,
    replicaCount: settings.replicas,
    leaderElect: ha,
    podDisruptionBudget: { enabled: ha, minAvailable: 1 },
    serviceAccount: { create: true, name: account.serviceAccount },
    serviceMonitor: { enabled: monitoring },
    webhook: {
      replicaCount: settings.replicas,
      podDisruptionBudget: { enabled: ha, minAvailable: 1 },
    },
    certController: { replicaCount: 1 },
    processPushSecret: false,
    processClusterPushSecret: false,
  };
}
