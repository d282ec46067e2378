import { Construct } from 'constructs';
import { ARGOCD_OIDC_SECRET, ARGOCD_PART_OF_LABEL } from '../../lib/argocd/access-values';
import { ARGOCD_DEFAULTS } from '../../lib/argocd/defaults';
import { type ClusterDefinition, isLocalCluster } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { PlatformComponent, type ExternalSecretsSettings } from '../../lib/model/platform-settings';
import {
  ARGOCD_OIDC_SECRET_PROPERTY,
  platformSecretName,
  platformSecretReaderRoleName,
  platformServiceAccount,
  roleArn,
} from '../../lib/naming';
import { platformSecretNamespaces } from '../../lib/secret-readers';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { EXTERNAL_SECRETS_CHART } from './charts';
import { SecretsManagerExternalSecret } from './external-secret';
import { LocalSecretStore } from './local-secret-store';
import { secretBackend } from './secret-backend';
import { ReaderSecretStore } from './secret-store';
import { StoreGuard } from './store-guard';
import { NOTIFICATIONS_SECRET, NOTIFICATIONS_SECRET_KEYS } from '../../lib/argocd/notifications';
import { externalSecretsValues } from './values';

export interface ExternalSecretsStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: ExternalSecretsSettings;
}

/**
 * External Secrets Operator (chart), the platform's ClusterSecretStore for AWS Secrets Manager in the cluster's
 * region (platform namespaces only, reading through the platform reader role), the admission policy that keeps
 * stores from forging the session tags reader roles trust, and Argo CD's SSO client secret. The operator
 * authenticates with EKS Pod Identity as `platformRoleName(cluster, 'external-secrets')`, a role that reads no
 * secret itself: it can only assume the reader roles (see docs/security.md, "Secret isolation").
 * With `argocd.notifications` set, it also writes the Secret Argo CD's notifications controller reads (GitHub App
 * key, Slack token).
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
    const labels = platformLabels(PlatformComponent.EXTERNAL_SECRETS);
    const platformReaders = platformSecretNamespaces(cluster);
    if (isLocalCluster(cluster)) {
      // Apps read through this store too on a local cluster (secret-backend.ts): each app's namespace is its name.
      new LocalSecretStore(this, 'store', {
        namespace: account.namespace,
        labels,
        allowedNamespaces: [...platformReaders, ...Object.keys(cluster.apps)],
        kubernetesVersion: cluster.kubernetesVersion,
      });
    } else {
      // Only where a platform component reads a platform secret: infra creates the reader role only then.
      if (platformReaders.length > 0) {
        new ReaderSecretStore(this, 'store', {
          labels,
          region: cluster.awsRegion,
          roleArn: roleArn(cluster, platformSecretReaderRoleName(cluster)),
          allowedNamespaces: platformReaders,
        });
      }
      // Session tags exist on AWS only.
      new StoreGuard(this, 'store-guard', { labels });
    }
    const backend = secretBackend(cluster);
    if (cluster.argocd?.sso !== undefined) {
      new SecretsManagerExternalSecret(this, 'argocd-oidc', {
        name: ARGOCD_OIDC_SECRET.name,
        namespace: ARGOCD_DEFAULTS.namespace,
        labels,
        secretLabels: ARGOCD_PART_OF_LABEL,
        refreshIntervalMinutes: settings.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes,
        backend,
        entries: [
          {
            secretKey: ARGOCD_OIDC_SECRET.key,
            key: platformSecretName(cluster, 'argocd'),
            property: ARGOCD_OIDC_SECRET_PROPERTY,
          },
        ],
      });
    }
    if (cluster.argocd?.notifications !== undefined) {
      const key = platformSecretName(cluster, 'argocd-notifications');
      new SecretsManagerExternalSecret(this, 'argocd-notifications', {
        name: NOTIFICATIONS_SECRET,
        namespace: ARGOCD_DEFAULTS.namespace,
        labels,
        refreshIntervalMinutes: settings.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes,
        backend,
        entries: Object.values(NOTIFICATIONS_SECRET_KEYS).map((property) => ({ secretKey: property, key, property })),
      });
    }
  }
}
