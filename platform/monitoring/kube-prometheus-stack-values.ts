import { type ClusterDefinition, isAwsCluster } from '../../lib/model/cluster';
import type { MonitoringSettings } from '../../lib/model/platform-settings';
import { eksClusterName } from '../../lib/naming';
import { COST_ALLOCATION_LABELS } from '../../lib/render/labels';
import { NODE_POOL_LABEL } from '../karpenter/node-pools';
import {
  ALERTMANAGER_SECRET,
  type AlertmanagerConfig,
  alertmanagerConfig,
  secretDirectory,
} from './alertmanager-config';
import { TRACE_ID_FIELD } from '../logging/alloy-config';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from './app-dashboard';

/** The Kubernetes Secret (from an ExternalSecret) with Grafana's admin credentials. */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';
export const GRAFANA_ADMIN_USER_KEY = 'admin-user';
export const GRAFANA_ADMIN_PASSWORD_KEY = 'admin-password';

interface VolumeClaimTemplate {
  readonly spec: {
    readonly storageClassName?: string;
    readonly accessModes: readonly string[];
    readonly resources: { readonly requests: { readonly storage: string } };
  };
}

export interface GrafanaDataSource {
  readonly name: string;
  readonly type: string;
  readonly uid: string;
  readonly url: string;
  readonly access: 'proxy';
  /** Links between data sources (derived fields, trace to logs). @default none */
  readonly jsonData?: Readonly<Record<string, unknown>>;
}

/** Data source uids the links between them name. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
export const LOKI_DATASOURCE_UID = 'loki';
export const TEMPO_DATASOURCE_UID = 'tempo';
/** The exemplar label that carries a trace id (what the OpenTelemetry SDKs' Prometheus exemplars use). */
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';

/**
 * Grafana's data sources besides the chart's Prometheus: Loki with logging, and with tracing Tempo. With both, a
 * log line's `trace_id` (structured metadata, see platform/logging/alloy-config.ts) links to its trace, and a span
 * links to the logs of its namespace that carry its trace id.
 */
export function grafanaDataSources(lokiUrl: string | undefined, tempoUrl: string | undefined): GrafanaDataSource[] {
  const sources: GrafanaDataSource[] = [];
  if (lokiUrl !== undefined) {
    sources.push({
      name: 'Loki',
      type: 'loki',
      uid: LOKI_DATASOURCE_UID,
      url: lokiUrl,
      access: 'proxy',
      ...(tempoUrl === undefined
        ? {}
        : {
            jsonData: {
              derivedFields: [
                {
                  name: 'Trace',
                  // `label` matches labels and structured metadata by name: trace_id is structured metadata.
                  matcherType: 'label',
                  matcherRegex: TRACE_ID_FIELD,
                  datasourceUid: TEMPO_DATASOURCE_UID,
                  url: '$${__value.raw}',
                  urlDisplayLabel: 'Open trace',
                },
              ],
            },
          }),
    });
  }
  if (tempoUrl !== undefined) {
    sources.push({
      name: 'Tempo',
      type: 'tempo',
      uid: TEMPO_DATASOURCE_UID,
      url: tempoUrl,
      access: 'proxy',
      jsonData: {
        nodeGraph: { enabled: true },
        ...(lokiUrl === undefined
          ? {}
          : {
              tracesToLogsV2: {
                datasourceUid: LOKI_DATASOURCE_UID,
                spanStartTimeShift: '-5m',
                spanEndTimeShift: '5m',
                customQuery: true,
                query: `{namespace="$\${__span.tags["k8s.namespace.name"]}"} | ${TRACE_ID_FIELD}="$\${__trace.traceId}"`,
              },
              lokiSearch: { datasourceUid: LOKI_DATASOURCE_UID },
            }),
        tracesToMetrics: { datasourceUid: PROMETHEUS_DATASOURCE_UID },
      },
    });
  }
  return sources;
}

/** The kube-prometheus-stack values we set (chart `values.yaml`, including the grafana subchart's). */
export interface KubePrometheusStackValues {
  readonly crds: { readonly enabled: boolean };
  readonly defaultRules: { readonly create: boolean };
  /** EKS runs the control plane: its components cannot be scraped. */
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly replicas: number;
      readonly retention: string;
      readonly externalLabels: Readonly<Record<string, string>>;
      /** Pick up ServiceMonitors, PodMonitors and rules of every namespace, not only the chart's own. */
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly probeSelectorNilUsesHelmValues: boolean;
      readonly storageSpec: { readonly volumeClaimTemplate: VolumeClaimTemplate };
      /** `exemplar-storage` with tracing: Prometheus keeps the trace ids of histogram samples. */
      readonly enableFeatures?: readonly string[];
    };
  };
  readonly alertmanager: {
    readonly alertmanagerSpec: {
      readonly replicas: number;
      /**
       * The receivers' Secret, mounted where `secrets` would put it but optional: Alertmanager starts (and
       * monitoring becomes healthy) before a person has set the receiver values; it reads the files when it sends.
       */
      readonly volumes: readonly {
        readonly name: string;
        readonly secret: { readonly secretName: string; readonly optional: boolean };
      }[];
      readonly volumeMounts: readonly {
        readonly name: string;
        readonly mountPath: string;
        readonly readOnly: boolean;
      }[];
    };
    readonly config: AlertmanagerConfig;
  };
  /**
   * kube-state-metrics exports no object labels by default; these allow the cost allocation labels on pods and
   * namespaces and the Karpenter pool and capacity type on nodes (`kube_<kind>_labels{label_<name>}`), which the
   * FinOps dashboard and the right-sizing rules join on.
   */
  readonly 'kube-state-metrics': { readonly metricLabelsAllowlist: readonly string[] };
  readonly grafana: {
    readonly replicas: number;
    readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
    readonly sidecar: {
      readonly dashboards: {
        readonly enabled: boolean;
        readonly label: string;
        readonly labelValue: string;
        readonly searchNamespace: 'ALL';
        readonly folderAnnotation: string;
        readonly provider: { readonly foldersFromFilesStructure: boolean };
      };
      readonly datasources: {
        readonly enabled: boolean;
        readonly defaultDatasourceEnabled: boolean;
        /** With tracing: exemplars of the Prometheus data source link to Tempo. */
        readonly exemplarTraceIdDestinations?: {
          readonly datasourceUid: string;
          readonly traceIdLabelName: string;
          readonly urlDisplayLabel: string;
        };
      };
    };
    readonly additionalDataSources: readonly GrafanaDataSource[];
  };
}

/**
 * Values for kube-prometheus-stack: Prometheus with the retention, storage and replicas of the cluster's
 * settings and every namespace's monitors and rules, Alertmanager routing by severity with credentials from
 * a mounted Secret, and Grafana with its admin from a Secret, the dashboard sidecar watching all namespaces
 * and data sources for Prometheus (the chart's own) and Loki (when logging runs).
 */
export function kubePrometheusStackValues(
  cluster: ClusterDefinition,
  settings: MonitoringSettings,
  lokiUrl: string | undefined,
  tempoUrl: string | undefined = undefined,
): KubePrometheusStackValues {
  return {
    crds: { enabled: true },
    defaultRules: { create: true },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheus: {
      prometheusSpec: {
        replicas: settings.prometheusReplicas,
        retention: `${settings.prometheusRetentionDays}d`,
        externalLabels: { cluster: eksClusterName(cluster) },
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ...(tempoUrl === undefined ? {} : { enableFeatures: ['exemplar-storage'] }),
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              ...(settings.storageClassName === undefined ? {} : { storageClassName: settings.storageClassName }),
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${settings.prometheusStorageGi}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      alertmanagerSpec: {
        replicas: settings.alertmanagerReplicas,
        volumes: [{ name: ALERTMANAGER_SECRET, secret: { secretName: ALERTMANAGER_SECRET, optional: true } }],
        volumeMounts: [{ name: ALERTMANAGER_SECRET, mountPath: secretDirectory(), readOnly: true }],
      },
      config: alertmanagerConfig(settings.alerting),
    },
    'kube-state-metrics': { metricLabelsAllowlist: kubeStateMetricsLabelAllowlist(cluster) },
    grafana: {
      replicas: settings.grafanaReplicas,
      admin: {
        existingSecret: GRAFANA_ADMIN_SECRET,
        userKey: GRAFANA_ADMIN_USER_KEY,
        passwordKey: GRAFANA_ADMIN_PASSWORD_KEY,
      },
      sidecar: {
        dashboards: {
          enabled: true,
          label: DASHBOARD_LABEL,
          labelValue: '1',
          searchNamespace: 'ALL',
          folderAnnotation: DASHBOARD_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
        datasources: {
          enabled: true,
          defaultDatasourceEnabled: true,
          ...(tempoUrl === undefined
            ? {}
            : {
                exemplarTraceIdDestinations: {
                  datasourceUid: TEMPO_DATASOURCE_UID,
                  traceIdLabelName: EXEMPLAR_TRACE_ID_LABEL,
                  urlDisplayLabel: 'Open trace',
                },
              }),
        },
      },
      additionalDataSources: grafanaDataSources(lokiUrl, tempoUrl),
    },
  };
}

/** Karpenter's node label with the node's capacity type (`spot` or `on-demand`). */
export const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';

/**
 * kube-state-metrics' `--metric-labels-allowlist` entries: `<resource>=[label,...]`. Node labels exist only where
 * Karpenter and the system node group label nodes (AWS clusters); a local cluster's nodes carry neither.
 */
export function kubeStateMetricsLabelAllowlist(cluster: ClusterDefinition): string[] {
  const { team, app, environment } = COST_ALLOCATION_LABELS;
  return [
    `namespaces=[${team},${environment}]`,
    ...(isAwsCluster(cluster) ? [`nodes=[${CAPACITY_TYPE_LABEL},${NODE_POOL_LABEL}]`] : []),
    `pods=[${team},${app},${environment}]`,
  ];
}
