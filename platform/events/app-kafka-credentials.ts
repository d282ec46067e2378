import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { kafkaSecretEnv } from '../../lib/events/connection';
import {
  KAFKA_CREDENTIALS_READER,
  KAFKA_NAMESPACE,
  KAFKA_SECRET_STORE,
  kafkaCredentialsSecret,
} from '../../lib/events/names';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { IN_CLUSTER } from '../shared/argocd';

export interface AppKafkaCredentialsProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * In the app's namespace: the Secret `<app>-kafka` with its Kafka password, JAAS line and the cluster CA, copied
 * from the Kafka namespace by External Secrets' Kubernetes provider. The store authenticates as the service
 * account `kafka-credentials-reader` (no pod runs as it), which the events unit's Role lets get exactly those
 * two Secrets there. Renders nothing for an app that does not use the bus.
 */
export class AppKafkaCredentials extends Construct {
  constructor(scope: Construct, id: string, props: AppKafkaCredentialsProps) {
    super(scope, id);
    const { app, cluster } = props;
    if (app.events === undefined) return;
    const labels = appLabels(app);
    new ApiObject(this, 'reader', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: KAFKA_CREDENTIALS_READER, namespace: app.name, labels },
      automountServiceAccountToken: false,
    });
    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: {
        name: KAFKA_SECRET_STORE,
        namespace: app.name,
        labels,
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: KAFKA_NAMESPACE,
            server: {
              url: IN_CLUSTER,
              caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' },
            },
            auth: { serviceAccount: { name: KAFKA_CREDENTIALS_READER } },
          },
        },
      },
    });
    const name = kafkaCredentialsSecret(app.name);
    new ApiObject(this, 'secret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace: app.name, labels, annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS } },
      spec: {
        refreshInterval: `${cluster.platform?.externalSecrets?.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes}m`,
        secretStoreRef: { kind: 'SecretStore', name: KAFKA_SECRET_STORE },
        target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: kafkaSecretEnv(app.name).map((entry) => ({
          secretKey: entry.env,
          remoteRef: { key: entry.from, property: entry.key },
        })),
      },
    });
  }
}
