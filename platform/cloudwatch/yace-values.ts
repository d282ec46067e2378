import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { CloudWatchSettings } from '../../lib/model/platform-settings';
import { CLUSTER_TAG, type PlatformServiceAccount } from '../../lib/naming';
import { yaceConfig } from './yace-config';

/** Helm release (and fullname) of YACE: its Service, Deployment and the `job` of its series. */
export const YACE_RELEASE = 'cloudwatch-exporter';

/** The YACE chart values we set (chart `values.yaml`). */
export interface YaceValues {
  readonly fullnameOverride: string;
  readonly serviceAccount: {
    readonly create: boolean;
    readonly name: string;
    /** YACE never calls the Kubernetes API; EKS Pod Identity mounts its own token. */
    readonly automountServiceAccountToken: boolean;
  };
  readonly podSecurityContext: Readonly<Record<string, unknown>>;
  readonly securityContext: Readonly<Record<string, unknown>>;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
  /** The chart's Helm test pod, which Argo CD never runs. */
  readonly testConnection: boolean;
  readonly serviceMonitor: { readonly enabled: boolean };
  /** Command-line flags (`--<key>=<value>`). */
  readonly extraArgs: Readonly<Record<string, string | number>>;
  /** YACE's configuration file, rendered whole into its ConfigMap. */
  readonly config: string;
}

/**
 * Values for YACE: one replica (it holds no state; a restart only delays metrics by one interval) running as the
 * service account infra binds to `platformRoleName(cluster, 'cloudwatch-exporter')` with EKS Pod Identity (the AWS
 * SDK for Go v2 YACE uses reads the Pod Identity Agent's credentials), PSS restricted, scraped through the chart's
 * ServiceMonitor, querying CloudWatch every `scrapeIntervalSeconds`.
 */
export function yaceValues(
  cluster: AwsClusterDefinition,
  settings: CloudWatchSettings,
  account: PlatformServiceAccount,
): YaceValues {
  return {
    fullnameOverride: YACE_RELEASE,
    serviceAccount: { create: true, name: account.serviceAccount, automountServiceAccountToken: false },
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    testConnection: false,
    serviceMonitor: { enabled: true },
    extraArgs: {
      'scraping-interval': settings.scrapeIntervalSeconds ?? DEFAULTS.cloudwatchScrapeIntervalSeconds,
    },
    config: yaceConfig({ region: cluster.awsRegion, clusterTag: { key: CLUSTER_TAG, value: cluster.name } }),
  };
}
