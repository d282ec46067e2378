import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent, type ExternalSecretsSettings } from '../../lib/model/platform-settings';
import { NOTIFICATIONS_SECRET, NOTIFICATIONS_SECRET_KEYS } from '../../lib/argocd/notifications';
import { ARGOCD_DEFAULTS } from '../../lib/argocd/defaults';
import { DEFAULTS } from '../../lib/model/defaults';
import { platformSecretName, platformServiceAccount } from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { EXTERNAL_SECRETS_CHART } from './charts';
import { CLUSTER_SECRET_STORE_NAME, SecretsManagerExternalSecret } from './external-secret';
import { externalSecretsValues } from './values';

export interface ExternalSecretsStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: ExternalSecretsSettings;
}

/**
 * External Secrets Operator (chart) and the ClusterSecretStore for AWS Secrets Manager in the cluster's
 * region. The operator authenticates with EKS Pod Identity as `platformRoleName(cluster, 'external-secrets')`;
 * the store therefore names no credentials and no role. With `argocd.notifications` set, it also writes
 * the Secret Argo CD's notifications controller reads (GitHub App key, Slack token).
 */
export class ExternalSecretsStack extends Construct {
  constructor(scope: Construct, id: string, props: ExternalSecretsStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const account = platformServiceAccount('external-secrets');
    new HelmApplication(this, 'chart', {
      component: PlatformComponent.EXTERNAL_SECRETS,
      pin: EXTERNAL_SECRETS_CHART,
      platform: cluster.platform,
      releaseName: 'external-secrets',
      namespace: account.namespace,
      values: { ...externalSecretsValues(settings, account, cluster.platform?.monitoring !== undefined) },
      serverSideApply: true,
    });
    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: {
        name: CLUSTER_SECRET_STORE_NAME,
        labels: platformLabels(PlatformComponent.EXTERNAL_SECRETS),
        annotations: {
          ...CUSTOM_RESOURCE_ANNOTATIONS,
        },
      },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: cluster.awsRegion } },
      },
    });
    if (cluster.argocd?.notifications !== undefined) {
      const key = platformSecretName(cluster, 'argocd-notifications');
      new SecretsManagerExternalSecret(this, 'argocd-notifications', {
        name: NOTIFICATIONS_SECRET,
        namespace: ARGOCD_DEFAULTS.namespace,
        labels: platformLabels(PlatformComponent.EXTERNAL_SECRETS),
        refreshIntervalMinutes: settings.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes,
        entries: Object.values(NOTIFICATIONS_SECRET_KEYS).map((property) => ({ secretKey: property, key, property })),
      });
    }
  }
}
