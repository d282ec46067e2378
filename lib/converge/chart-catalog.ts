import { ARGOCD_INSTALLS } from '../argocd/defaults';
import { VELERO_INSTALLS } from '../../platform/backup/charts';
import { YACE_INSTALLS } from '../../platform/cloudwatch/charts';
import { CERT_MANAGER_INSTALLS, METRICS_SERVER_INSTALLS } from '../../platform/cluster-addons/charts';
import { OPENCOST_INSTALLS } from '../../platform/cost/charts';
import { EXTERNAL_SECRETS_INSTALLS } from '../../platform/external-secrets/charts';
import { AWS_LOAD_BALANCER_CONTROLLER_INSTALLS, EXTERNAL_DNS_INSTALLS } from '../../platform/ingress/charts';
import { KARPENTER_INSTALLS } from '../../platform/karpenter/charts';
import { ALLOY_INSTALLS, LOKI_INSTALLS } from '../../platform/logging/charts';
import { ISTIO_BASE_INSTALLS, ISTIO_CNI_INSTALLS, ISTIOD_INSTALLS, ZTUNNEL_INSTALLS } from '../../platform/mesh/charts';
import { KUBE_PROMETHEUS_STACK_INSTALLS } from '../../platform/monitoring/charts';
import { ARGO_ROLLOUTS_INSTALLS } from '../../platform/rollouts/charts';
import { GATEWAY_API_INSTALLS } from '../../platform/mesh/gateway-api';
import { TEMPO_INSTALLS } from '../../platform/tracing/charts';
import { STRIMZI_INSTALLS } from '../../platform/events/charts';
import type { ChartInstallsTable } from './chart-installs';

/** Every chart table, by chart name; a chart without one is a converge error naming where to add it. */
export const CHART_CATALOG: ReadonlyMap<string, ChartInstallsTable> = new Map(
  [
    ARGOCD_INSTALLS,
    KARPENTER_INSTALLS,
    METRICS_SERVER_INSTALLS,
    CERT_MANAGER_INSTALLS,
    EXTERNAL_SECRETS_INSTALLS,
    KUBE_PROMETHEUS_STACK_INSTALLS,
    AWS_LOAD_BALANCER_CONTROLLER_INSTALLS,
    EXTERNAL_DNS_INSTALLS,
    LOKI_INSTALLS,
    ALLOY_INSTALLS,
    OPENCOST_INSTALLS,
    VELERO_INSTALLS,
    ARGO_ROLLOUTS_INSTALLS,
    ISTIO_BASE_INSTALLS,
    ISTIOD_INSTALLS,
    ISTIO_CNI_INSTALLS,
    ZTUNNEL_INSTALLS,
    YACE_INSTALLS,
    TEMPO_INSTALLS,
    STRIMZI_INSTALLS,
  ].map((table) => [table.chart, table]),
);

/**
 * Directories of other repositories that Applications install (no chart), keyed `<repoURL>#<path>`: what each
 * installs, like a chart table.
 */
export const SOURCE_CATALOG: ReadonlyMap<string, ChartInstallsTable> = new Map(
  [GATEWAY_API_INSTALLS].map((table) => [table.chart, table]),
);

/** Everything converge looks Applications up in: charts and other repositories' directories. */
export const CONVERGE_CATALOG: ReadonlyMap<string, ChartInstallsTable> = new Map([...CHART_CATALOG, ...SOURCE_CATALOG]);
