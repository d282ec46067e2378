import type { AwsClusterDefinition } from '../../lib/model/cluster';
import {
  eksClusterName,
  KARPENTER_SERVICE_ACCOUNT,
  karpenterInterruptionQueueName,
  SYSTEM_NODE_POOL_LABEL,
  SYSTEM_NODE_POOL_TAINT,
} from '../../lib/naming';

/** The karpenter chart values we set (charts/karpenter `values.yaml`). */
export interface KarpenterValues {
  readonly settings: {
    readonly clusterName: string;
    /** SQS queue of spot interruption and instance state events (infra creates it and the EventBridge rules). */
    readonly interruptionQueue: string;
  };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly replicas: number;
  /** Only the system pool: Karpenter must never run on a node it may consolidate away. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly {
    readonly key: string;
    readonly operator: 'Equal';
    readonly value: string;
    readonly effect: string;
  }[];
  readonly controller: {
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly memory: string };
    };
  };
  /**
   * No ServiceMonitor: Karpenter syncs before monitoring, whose CRDs it would need (it schedules monitoring's
   * pods in the first place).
   */
  readonly serviceMonitor: { readonly enabled: boolean };
}

/**
 * Values for Karpenter's controller. It authenticates with EKS Pod Identity as `karpenterControllerRoleName`,
 * which infra associates with KARPENTER_SERVICE_ACCOUNT, so the service account carries no role annotation.
 */
export function karpenterValues(cluster: AwsClusterDefinition): KarpenterValues {
  return {
    settings: {
      clusterName: eksClusterName(cluster),
      interruptionQueue: karpenterInterruptionQueueName(cluster),
    },
    serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT.serviceAccount },
    // Two replicas (leader election) on the system pool's nodes, spread by the chart's topology constraints.
    replicas: 2,
    nodeSelector: { 'kubernetes.io/os': 'linux', [SYSTEM_NODE_POOL_LABEL.key]: SYSTEM_NODE_POOL_LABEL.value },
    tolerations: [
      {
        key: SYSTEM_NODE_POOL_TAINT.key,
        operator: 'Equal',
        value: SYSTEM_NODE_POOL_TAINT.value,
        effect: SYSTEM_NODE_POOL_TAINT.effect,
      },
    ],
    controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
    serviceMonitor: { enabled: false },
  };
}
