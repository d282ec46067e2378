import type { AwsClusterDefinition } from '../../lib/model/cluster';
import type { LoggingSettings } from '../../lib/model/platform-settings';
import { eksClusterName } from '../../lib/naming';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT, tempoOtlpAddress } from '../tracing/endpoints';
import { alloyLogConfig } from './alloy-config';
import { lokiEndpoints } from './loki-values';

/** The alloy chart values we set (chart `values.yaml`). */
export interface AlloyValues {
  readonly controller: { readonly type: 'daemonset' };
  readonly alloy: {
    readonly configMap: { readonly create: boolean; readonly content: string };
    /** Mount the node's /var/log so the pods' log files can be tailed. */
    readonly mounts: { readonly varlog: boolean };
    /** Ports the container and Service open besides Alloy's own: OTLP where the cluster runs tracing. */
    readonly extraPorts?: readonly {
      readonly name: string;
      readonly port: number;
      readonly targetPort: number;
      readonly protocol: 'TCP';
    }[];
  };
  readonly serviceMonitor: { readonly enabled: boolean };
}

/**
 * Values for Grafana Alloy as a log-shipping DaemonSet, one pod per node, pushing to Loki's write path; where the
 * cluster runs tracing, also the OTLP receiver of the apps (ports 4317 and 4318 on its pods and Service),
 * forwarding to Tempo.
 */
export function alloyValues(cluster: AwsClusterDefinition, logging: LoggingSettings, monitoring: boolean): AlloyValues {
  const tracing = cluster.platform?.tracing !== undefined;
  return {
    controller: { type: 'daemonset' },
    alloy: {
      configMap: {
        create: true,
        content: alloyLogConfig({
          cluster: eksClusterName(cluster),
          lokiPushUrl: lokiEndpoints(logging.lokiMode).pushUrl,
          ...(tracing
            ? { tempoOtlpAddress: tempoOtlpAddress(), otlpPorts: { grpc: OTLP_GRPC_PORT, http: OTLP_HTTP_PORT } }
            : {}),
        }),
      },
      mounts: { varlog: true },
      ...(tracing
        ? {
            extraPorts: [
              { name: 'otlp-grpc', port: OTLP_GRPC_PORT, targetPort: OTLP_GRPC_PORT, protocol: 'TCP' as const },
              { name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: OTLP_HTTP_PORT, protocol: 'TCP' as const },
            ],
          }
        : {}),
    },
    serviceMonitor: { enabled: monitoring },
  };
}
