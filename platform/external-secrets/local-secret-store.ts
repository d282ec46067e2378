import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { LOCAL_SECRET_STORE_NAME, LOCAL_SECRETS_NAMESPACE } from '../../lib/naming';
import { byCodePoint } from '../../lib/order';
import { podSecurityLabels } from '../../lib/render/labels';
import type { KubernetesVersion } from '../../lib/model/cluster';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';

/** The service account the local store authenticates as; it may read the Secrets of LOCAL_SECRETS_NAMESPACE only. */
export const LOCAL_SECRETS_READER = 'local-secrets-reader';

export interface LocalSecretStoreProps {
  /** Namespace External Secrets runs in: the reader's service account and the CA ConfigMap live there. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The namespaces whose ExternalSecrets may use the store (apps and platform components that read secrets). */
  readonly allowedNamespaces: readonly string[];
  /** Kubernetes minor version, for the Pod Security label of the secrets' namespace. */
  readonly kubernetesVersion: KubernetesVersion;
}

/**
 * A local cluster's secret store: External Secrets' Kubernetes provider reading the Secrets that `npm run
 * local:up` creates from `.env` in LOCAL_SECRETS_NAMESPACE. Chosen over ESO's fake provider, whose values sit in
 * the store's spec (in git): here values never leave the developer's machine, and every ExternalSecret keeps its
 * shape. The store reads through its own service account with a Role on that one namespace, read-only.
 */
export class LocalSecretStore extends Construct {
  constructor(scope: Construct, id: string, props: LocalSecretStoreProps) {
    super(scope, id);
    const labels = { ...props.labels };
    // Holds Secrets only; `npm run local:up` creates it before the first sync, and Argo CD adopts it.
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: LOCAL_SECRETS_NAMESPACE,
        labels: {
          ...labels,
          ...podSecurityLabels(props.kubernetesVersion),
        },
      },
    });
    // No pod ever runs there: deny everything, like every other namespace.
    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: LOCAL_SECRETS_NAMESPACE, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeServiceAccount(this, 'reader', {
      metadata: { name: LOCAL_SECRETS_READER, namespace: props.namespace, labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeRole(this, 'role', {
      metadata: { name: LOCAL_SECRETS_READER, namespace: LOCAL_SECRETS_NAMESPACE, labels },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeRoleBinding(this, 'binding', {
      metadata: { name: LOCAL_SECRETS_READER, namespace: LOCAL_SECRETS_NAMESPACE, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LOCAL_SECRETS_READER },
      subjects: [{ kind: 'ServiceAccount', name: LOCAL_SECRETS_READER, namespace: props.namespace }],
    });
    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: LOCAL_SECRET_STORE_NAME, labels, annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS } },
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: LOCAL_SECRETS_NAMESPACE,
            // The in-cluster API server, trusted through the CA every namespace gets.
            server: {
              caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt', namespace: props.namespace },
            },
            auth: { serviceAccount: { name: LOCAL_SECRETS_READER, namespace: props.namespace } },
          },
        },
        conditions: [{ namespaces: [...new Set(props.allowedNamespaces)].sort(byCodePoint) }],
      },
    });
  }
}
