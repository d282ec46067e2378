import { ARGOCD_INSTALLS } from '../argocd/defaults';
import { CERT_MANAGER_INSTALLS, METRICS_SERVER_INSTALLS } from '../../platform/cluster-addons/charts';
import { EXTERNAL_SECRETS_INSTALLS } from '../../platform/external-secrets/charts';
import { AWS_LOAD_BALANCER_CONTROLLER_INSTALLS, EXTERNAL_DNS_INSTALLS } from '../../platform/ingress/charts';
import { KARPENTER_INSTALLS } from '../../platform/karpenter/charts';
import { ALLOY_INSTALLS, LOKI_INSTALLS } from '../../platform/logging/charts';
import { KUBE_PROMETHEUS_STACK_INSTALLS } from '../../platform/monitoring/charts';
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
    STRIMZI_INSTALLS,
  ].map((table) => [table.chart, table]),
);
