import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { CostSettings } from '../../lib/model/platform-settings';
import { eksClusterName } from '../../lib/naming';
import { PROMETHEUS_SERVICE } from '../monitoring/charts';

/** The OpenCost image runs as this non-root user (its Dockerfile's `USER`). */
const OPENCOST_UID = 1001;

/** Writable scratch space for the read-only root filesystem: OpenCost writes its config files and caches here. */
const SCRATCH_VOLUMES = [
  { name: 'configs', mountPath: '/var/configs' },
  { name: 'tmp', mountPath: '/tmp' },
] as const;

interface ContainerSecurityContext {
  readonly allowPrivilegeEscalation: false;
  readonly readOnlyRootFilesystem: true;
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly capabilities: { readonly drop: readonly ['ALL'] };
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
}

/** The opencost chart values we set (charts/opencost `values.yaml`). */
export interface OpenCostValues {
  /** Names the cluster in OpenCost's API and metrics: the EKS cluster name, as Prometheus' `cluster` label. */
  readonly clusterName: string;
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly extraVolumes: readonly { readonly name: string; readonly emptyDir: Readonly<Record<string, never>> }[];
  readonly opencost: {
    /** Off: an MCP server for AI agents is one more open port nobody here uses. */
    readonly mcp: { readonly enabled: boolean };
    readonly exporter: {
      readonly defaultClusterId: string;
      readonly resources: {
        readonly requests: { readonly cpu: string; readonly memory: string };
        readonly limits: { readonly memory: string };
      };
      readonly securityContext: ContainerSecurityContext;
      readonly extraVolumeMounts: readonly { readonly name: string; readonly mountPath: string }[];
    };
    readonly metrics: {
      /**
       * kube-state-metrics 2 runs already (kube-prometheus-stack): OpenCost emits only the v1 metrics it lacks, so
       * no series is scraped twice.
       */
      readonly kubeStateMetrics: { readonly emitKsmV1MetricsOnly: boolean };
      /** Prometheus scrapes the cost metrics (node prices, allocations) the FinOps dashboard and rules read. */
      readonly serviceMonitor: { readonly enabled: boolean };
    };
    readonly prometheus: {
      readonly internal: {
        readonly enabled: boolean;
        readonly serviceName: string;
        readonly namespaceName: string;
        readonly port: number;
      };
    };
    /** Off: the UI is an nginx that needs a writable root; Grafana's FinOps dashboard and OpenCost's API are the views. */
    readonly ui: { readonly enabled: boolean };
  };
}

/**
 * Values for OpenCost: the exporter only (no UI, no MCP server), reading the monitoring component's Prometheus,
 * scraped by it through a ServiceMonitor, under the Pod Security Standard "restricted". Prices are AWS's public list
 * prices for the node types Karpenter launches (no cloud-billing integration, so no credentials).
 */
export function openCostValues(cluster: ClusterDefinition, settings: CostSettings): OpenCostValues {
  const securityContext: ContainerSecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: OPENCOST_UID,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  return {
    clusterName: eksClusterName(cluster),
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: OPENCOST_UID,
      runAsGroup: OPENCOST_UID,
      fsGroup: OPENCOST_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    extraVolumes: SCRATCH_VOLUMES.map(({ name }) => ({ name, emptyDir: {} })),
    opencost: {
      mcp: { enabled: false },
      exporter: {
        defaultClusterId: eksClusterName(cluster),
        resources: {
          requests: { cpu: '100m', memory: `${settings.memoryRequestMi ?? DEFAULTS.opencostMemoryRequestMi}Mi` },
          limits: { memory: `${settings.memoryLimitMi ?? DEFAULTS.opencostMemoryLimitMi}Mi` },
        },
        securityContext,
        extraVolumeMounts: SCRATCH_VOLUMES.map(({ name, mountPath }) => ({ name, mountPath })),
      },
      metrics: {
        kubeStateMetrics: { emitKsmV1MetricsOnly: true },
        serviceMonitor: { enabled: true },
      },
      prometheus: {
        internal: {
          enabled: true,
          serviceName: PROMETHEUS_SERVICE.name,
          namespaceName: DEFAULTS.monitoringNamespace,
          port: PROMETHEUS_SERVICE.port,
        },
      },
      ui: { enabled: false },
    },
  };
}
