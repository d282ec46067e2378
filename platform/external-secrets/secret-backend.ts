import { type ClusterDefinition, isLocalCluster } from '../../lib/model/cluster';
import { LOCAL_SECRET_STORE_NAME, localSecretName, SECRET_STORE_NAME } from '../../lib/naming';

/** Which store kind an ExternalSecret reads through. */
export type SecretStoreKind = 'ClusterSecretStore' | 'SecretStore';

/** Where a cluster's ExternalSecrets read from: the store they name and how a secret name becomes its key there. */
export interface SecretBackend {
  /** Name of the store every ExternalSecret of the cluster names. */
  readonly storeName: string;
  /** The store kind apps read through: their own SecretStore (AWS), or the platform's ClusterSecretStore (local). */
  readonly appStoreKind: SecretStoreKind;
  /** The remote key of a Secrets Manager secret name in this store. */
  readonly remoteKey: (secretName: string) => string;
}

/** AWS Secrets Manager through per-namespace reader roles: the golden path. */
export const AWS_SECRET_BACKEND: SecretBackend = {
  storeName: SECRET_STORE_NAME,
  appStoreKind: 'SecretStore',
  remoteKey: (secretName) => secretName,
};

/**
 * A local cluster: one ClusterSecretStore over the Secrets `npm run local:up` creates from `.env`. No per-app
 * isolation (a laptop has one user); the keys keep their Secrets Manager names, only `/` becomes `.`.
 */
export const LOCAL_SECRET_BACKEND: SecretBackend = {
  storeName: LOCAL_SECRET_STORE_NAME,
  appStoreKind: 'ClusterSecretStore',
  remoteKey: localSecretName,
};

export function secretBackend(cluster: ClusterDefinition): SecretBackend {
  return isLocalCluster(cluster) ? LOCAL_SECRET_BACKEND : AWS_SECRET_BACKEND;
}
