import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SECRET_STORE_NAME } from '../../lib/naming';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';

export interface ReaderStoreProps {
  /** SecretStore in this namespace; a ClusterSecretStore when undefined. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly region: string;
  /** ARN of the IAM role the controller assumes for this store; only it can read the store's secrets. */
  readonly roleArn: string;
  /** ClusterSecretStore only: the namespaces whose ExternalSecrets may use it. */
  readonly allowedNamespaces?: readonly string[];
}

/**
 * A store that reads Secrets Manager through its own IAM role. The controller's Pod Identity role may only
 * assume reader roles, and `sessionTagsPolicy: Simple` makes the controller tag each AssumeRole with the
 * ExternalSecret's namespace and the store's name and kind; the reader role's trust policy accepts only its
 * own namespace and store, so a store elsewhere that names the role gets AccessDenied from AWS.
 */
export class ReaderSecretStore extends Construct {
  constructor(scope: Construct, id: string, props: ReaderStoreProps) {
    super(scope, id);
    const cluster = props.namespace === undefined;
    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: cluster ? 'ClusterSecretStore' : 'SecretStore',
      metadata: {
        name: SECRET_STORE_NAME,
        ...(cluster ? {} : { namespace: props.namespace }),
        labels: { ...props.labels },
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: props.region,
            role: props.roleArn,
            sessionTagsPolicy: 'Simple',
          },
        },
        ...(props.allowedNamespaces === undefined
          ? {}
          : { conditions: [{ namespaces: [...new Set(props.allowedNamespaces)].sort() }] }),
      },
    });
  }
}
