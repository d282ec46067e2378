import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { HelmApplication } from '../shared/helm-application';
import { CERT_MANAGER_CHART, METRICS_SERVER_CHART } from './charts';
import { DefaultStorageClass } from './storage-class';
import { certManagerValues, metricsServerValues } from './values';

/** Namespace cert-manager runs in. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

export interface ClusterAddonsStackProps {
  readonly cluster: AwsClusterDefinition;
}

/**
 * What every other unit assumes a cluster has: the default StorageClass (Prometheus' and Loki's volumes),
 * metrics-server (every HorizontalPodAutoscaler) and cert-manager (the AWS Load Balancer Controller's webhook
 * certificate, which the chart would otherwise regenerate on every Argo CD render).
 */
export class ClusterAddonsStack extends Construct {
  constructor(scope: Construct, id: string, props: ClusterAddonsStackProps) {
    super(scope, id);
    const { cluster } = props;
    new DefaultStorageClass(this, 'storage', { cluster });
    new HelmApplication(this, 'metrics-server', {
      component: PlatformComponent.CLUSTER_ADDONS,
      pin: METRICS_SERVER_CHART,
      platform: cluster.platform,
      releaseName: 'metrics-server',
      namespace: 'kube-system',
      values: { ...metricsServerValues() },
    });
    new HelmApplication(this, 'cert-manager', {
      component: PlatformComponent.CLUSTER_ADDONS,
      pin: CERT_MANAGER_CHART,
      platform: cluster.platform,
      releaseName: 'cert-manager',
      namespace: CERT_MANAGER_NAMESPACE,
      values: { ...certManagerValues(cluster.environment === Environment.PRODUCTION ? 2 : 1) },
      serverSideApply: true,
    });
  }
}
