import type { AwsClusterDefinition } from '../../lib/model/cluster';
import type { LoggingSettings } from '../../lib/model/platform-settings';
import { eksClusterName } from '../../lib/naming';
import { alloyLogConfig } from './alloy-config';
import { lokiEndpoints } from './loki-values';

/** The alloy chart values we set (chart `values.yaml`). */
export interface AlloyValues {
  readonly controller: { readonly type: 'daemonset' };
  readonly alloy: {
    readonly configMap: { readonly create: boolean; readonly content: string };
    /** Mount the node's /var/log so the pods' log files can be tailed. */
    readonly mounts: { readonly varlog: boolean };
  };
  readonly serviceMonitor: { readonly enabled: boolean };
}

/** Values for Grafana Alloy as a log-shipping DaemonSet, one pod per node, pushing to Loki's write path. */
export function alloyValues(cluster: AwsClusterDefinition, logging: LoggingSettings, monitoring: boolean): AlloyValues {
  return {
    controller: { type: 'daemonset' },
    alloy: {
      configMap: {
        create: true,
        content: alloyLogConfig({
          cluster: eksClusterName(cluster),
          lokiPushUrl: lokiEndpoints(logging.lokiMode).pushUrl,
        }),
      },
      mounts: { varlog: true },
    },
    serviceMonitor: { enabled: monitoring },
  };
}
