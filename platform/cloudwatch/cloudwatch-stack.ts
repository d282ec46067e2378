import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { type CloudWatchSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from '../monitoring/app-dashboard';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { YACE_CHART } from './charts';
import { dataStoreDashboard } from './data-store-dashboard';
import { dataStoreRuleGroup } from './data-store-alerts';
import { YACE_RELEASE, yaceValues } from './yace-values';

export interface CloudWatchStackProps {
  readonly cluster: AwsClusterDefinition;
  readonly settings: CloudWatchSettings;
}

/**
 * The database and cache through CloudWatch: YACE (its own namespace and Pod Identity role), the alert rules on
 * its series and the database and cache dashboard (Grafana folder `platform`).
 */
export class CloudWatchStack extends Construct {
  constructor(scope: Construct, id: string, props: CloudWatchStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const account = platformServiceAccount('cloudwatch-exporter');
    const labels = platformLabels(PlatformComponent.CLOUDWATCH);
    new HelmApplication(this, 'yace', {
      component: PlatformComponent.CLOUDWATCH,
      pin: YACE_CHART,
      platform: cluster.platform,
      releaseName: YACE_RELEASE,
      namespace: account.namespace,
      values: { ...yaceValues(cluster, settings, account) },
    });
    new ApiObject(this, 'rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'data-stores',
        namespace: account.namespace,
        labels,
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: { groups: [dataStoreRuleGroup(cluster, settings)] },
    });
    new k8s.KubeConfigMap(this, 'dashboard', {
      metadata: {
        name: 'data-stores-dashboard',
        namespace: account.namespace,
        labels: { ...labels, [DASHBOARD_LABEL]: '1' },
        annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'platform' },
      },
      data: { 'data-stores.json': `${JSON.stringify(dataStoreDashboard(cluster), null, 2)}\n` },
    });
  }
}
