import { Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { type MonitoringSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformSecretName } from '../../lib/naming';
import { secretBackend } from '../external-secrets/secret-backend';
import { SecretsManagerExternalSecret } from '../external-secrets/external-secret';
import { lokiEndpoints } from '../logging/loki-values';
import { tempoQueryUrl } from '../tracing/endpoints';
import { PLATFORM_SECRET_SYNC_WAVE } from '../shared/argocd';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { KUBE_PROMETHEUS_STACK_CHART, KUBE_PROMETHEUS_STACK_RELEASE } from './charts';
import { ClusterDashboard } from './cluster-dashboard';
import { FinopsDashboard } from './finops-dashboard';
import { FinopsRules } from './finops-rules';
import {
  GRAFANA_ADMIN_PASSWORD_KEY,
  GRAFANA_ADMIN_SECRET,
  GRAFANA_ADMIN_USER_KEY,
  kubePrometheusStackValues,
} from './kube-prometheus-stack-values';

export interface MonitoringStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: MonitoringSettings;
}

/**
 * kube-prometheus-stack in the `monitoring` namespace, and the ExternalSecret that brings Grafana's admin login
 * from AWS Secrets Manager. Alertmanager's receiver credentials are a unit of their own (AlertReceivers): their
 * values are set by a person after the first sync, and must not hold up monitoring.
 */
export class MonitoringStack extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const namespace = DEFAULTS.monitoringNamespace;
    const labels = platformLabels(PlatformComponent.MONITORING);
    const refreshIntervalMinutes =
      cluster.platform?.externalSecrets?.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes;
    const logging = cluster.platform?.logging;
    new HelmApplication(this, 'chart', {
      component: PlatformComponent.MONITORING,
      pin: KUBE_PROMETHEUS_STACK_CHART,
      platform: cluster.platform,
      releaseName: KUBE_PROMETHEUS_STACK_RELEASE,
      namespace,
      values: {
        ...kubePrometheusStackValues(
          cluster,
          settings,
          logging === undefined ? undefined : lokiEndpoints(logging.lokiMode).queryUrl,
          cluster.platform?.tracing === undefined ? undefined : tempoQueryUrl(),
        ),
      },
      serverSideApply: true,
    });

    new ClusterDashboard(this, 'cluster-dashboard', { cluster: cluster.name });
    new FinopsDashboard(this, 'finops-dashboard', { cluster: cluster.name });
    new FinopsRules(this, 'finops-rules');

    const grafanaKey = platformSecretName(cluster, 'grafana');
    new SecretsManagerExternalSecret(this, 'grafana-admin', {
      name: GRAFANA_ADMIN_SECRET,
      namespace,
      labels,
      refreshIntervalMinutes,
      // Grafana mounts this Secret: it must exist before the chart (wave -1) can be healthy.
      syncWave: PLATFORM_SECRET_SYNC_WAVE,
      backend: secretBackend(cluster),
      entries: [
        { secretKey: GRAFANA_ADMIN_USER_KEY, key: grafanaKey, property: GRAFANA_ADMIN_USER_KEY },
        { secretKey: GRAFANA_ADMIN_PASSWORD_KEY, key: grafanaKey, property: GRAFANA_ADMIN_PASSWORD_KEY },
      ],
    });
  }
}
