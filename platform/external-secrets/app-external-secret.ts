import { Construct } from 'constructs';
import { type ClusterDefinition, isLocalCluster } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appSecretReaderRoleName, roleArn } from '../../lib/naming';
import { appLabels } from '../../lib/render/labels';
import { objectNames } from '../../lib/render/object-names';
import { SecretsManagerExternalSecret } from './external-secret';
import { secretBackend } from './secret-backend';
import { ReaderSecretStore } from './secret-store';

export interface AppExternalSecretProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * The app's secrets: a SecretStore in its namespace that reads through the app's own IAM role (only its own
 * and the shared secrets it names), and one ExternalSecret writing the Secret `<app>-secrets`, whose keys are
 * the environment variable names the pod reads with secretKeyRef. Renders nothing for an app without secrets.
 */
export class AppExternalSecret extends Construct {
  constructor(scope: Construct, id: string, props: AppExternalSecretProps) {
    super(scope, id);
    const { app, cluster } = props;
    const names = Object.keys(app.secrets);
    if (names.length === 0) return;
    // A local cluster reads through the platform's local ClusterSecretStore instead (secret-backend.ts).
    if (!isLocalCluster(cluster)) {
      new ReaderSecretStore(this, 'store', {
        namespace: app.name,
        labels: appLabels(app),
        region: cluster.awsRegion,
        roleArn: roleArn(cluster, appSecretReaderRoleName(cluster, app.name)),
      });
    }
    const backend = secretBackend(cluster);
    new SecretsManagerExternalSecret(this, 'secret', {
      name: objectNames.secret(app),
      namespace: app.name,
      labels: appLabels(app),
      refreshIntervalMinutes:
        cluster.platform?.externalSecrets?.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes,
      storeKind: backend.appStoreKind,
      backend,
      entries: names.map((env) => ({
        secretKey: env,
        key: app.secrets[env]!.key,
        property: app.secrets[env]!.property,
      })),
    });
  }
}
