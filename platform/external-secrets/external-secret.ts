import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SECRET_STORE_NAME } from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS, SYNC_WAVE_ANNOTATION } from '../shared/argocd';
import { AWS_SECRET_BACKEND, type SecretBackend, type SecretStoreKind } from './secret-backend';

/** The platform's ClusterSecretStore (platform namespaces only); apps read through the SecretStore of their namespace. */
export const CLUSTER_SECRET_STORE_NAME = SECRET_STORE_NAME;

export type { SecretStoreKind } from './secret-backend';

/** One key of the resulting Kubernetes Secret and where its value lives in Secrets Manager. */
export interface SecretEntry {
  /** Key in the Kubernetes Secret (for apps: the environment variable name). */
  readonly secretKey: string;
  /** Secrets Manager secret name. */
  readonly key: string;
  /** JSON property of that secret. */
  readonly property: string;
}

export interface SecretsManagerExternalSecretProps {
  /** Name of the ExternalSecret and of the Secret it writes. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly refreshIntervalMinutes: number;
  readonly entries: readonly SecretEntry[];
  /**
   * Argo CD sync wave inside the folder; set it when something earlier in the folder needs the Secret
   * (PLATFORM_SECRET_SYNC_WAVE for Secrets a chart mounts).
   * @default none (wave 0)
   */
  readonly syncWave?: number;
  /** @default 'ClusterSecretStore' (the platform's; apps pass 'SecretStore') */
  readonly storeKind?: SecretStoreKind;
  /** Labels of the Secret it writes (Argo CD reads only Secrets labelled part-of argocd). @default none */
  readonly secretLabels?: Readonly<Record<string, string>>;
  /** The store and key mapping of the cluster (`secretBackend(cluster)`). @default AWS_SECRET_BACKEND */
  readonly backend?: SecretBackend;
}

/**
 * An ExternalSecret that materialises a Kubernetes Secret of the same name from AWS Secrets Manager. The
 * Secret belongs to the ExternalSecret (deleted with it) and is kept when the Secrets Manager secret
 * disappears, so a mistake there does not take an app's credentials away; its values never pass through git.
 */
export class SecretsManagerExternalSecret extends Construct {
  constructor(scope: Construct, id: string, props: SecretsManagerExternalSecretProps) {
    super(scope, id);
    const backend = props.backend ?? AWS_SECRET_BACKEND;
    const entries = [...props.entries].sort((a, b) => (a.secretKey < b.secretKey ? -1 : 1));
    new ApiObject(this, 'external-secret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        annotations: {
          ...CUSTOM_RESOURCE_ANNOTATIONS,
          ...(props.syncWave === undefined ? {} : { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) }),
        },
      },
      spec: {
        refreshInterval: `${props.refreshIntervalMinutes}m`,
        secretStoreRef: { kind: props.storeKind ?? 'ClusterSecretStore', name: backend.storeName },
        target: {
          name: props.name,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          // Metadata only: without template data the values pass through unchanged.
          ...(props.secretLabels === undefined
            ? {}
            : { template: { metadata: { labels: { ...props.secretLabels } } } }),
        },
        data: entries.map((entry) => ({
          secretKey: entry.secretKey,
          remoteRef: { key: backend.remoteKey(entry.key), property: entry.property },
        })),
      },
    });
  }
}
