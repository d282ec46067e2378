import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  KAFKA_CLUSTER,
  KAFKA_CLUSTER_CA_SECRET,
  KAFKA_CREDENTIALS_READER,
  KAFKA_NAMESPACE,
  kafkaCredentialsRole,
  kafkaUserName,
} from '../../lib/events/names';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { byCodePoint } from '../../lib/order';
import { CUSTOM_RESOURCE_ANNOTATIONS, SYNC_WAVE_ANNOTATION } from '../shared/argocd';
import { TOPICS_AND_USERS_SYNC_WAVE } from './topics';

/** One ACL rule of a KafkaUser (kafka.strimzi.io/v1). */
export interface KafkaAcl {
  readonly resource: { readonly type: 'topic' | 'group'; readonly name: string; readonly patternType: 'literal' };
  readonly operations: readonly string[];
}

/**
 * Exactly what an app's declarations grant: Write and Describe on each topic it produces, Read and Describe on
 * each topic it consumes, Read on its consumer group; literal names only, nothing on the cluster (idempotent
 * producers need no IdempotentWrite since Kafka 3.0: Write on a topic implies it).
 */
export function appAcls(app: ResolvedApp): KafkaAcl[] {
  const byTopic = new Map<string, Set<string>>();
  const grant = (topic: string, operations: string[]): void => {
    const set = byTopic.get(topic) ?? new Set<string>();
    for (const operation of operations) set.add(operation);
    byTopic.set(topic, set);
  };
  for (const topic of app.events?.produces ?? []) grant(topic.name, ['Write', 'Describe']);
  for (const { topic } of app.events?.consumes ?? []) grant(topic, ['Read', 'Describe']);
  const acls: KafkaAcl[] = [...byTopic.entries()]
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([name, operations]) => ({
      resource: { type: 'topic', name, patternType: 'literal' },
      operations: [...operations].sort(byCodePoint),
    }));
  const group = app.events?.consumerGroup;
  if (group !== undefined)
    acls.push({ resource: { type: 'group', name: group, patternType: 'literal' }, operations: ['Read'] });
  return acls;
}

export interface KafkaUsersProps {
  readonly apps: readonly ResolvedApp[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Per app on the bus: a KafkaUser (SCRAM-SHA-512, its ACLs), whose Secret Strimzi's User Operator writes here in
 * the Kafka namespace, and a Role and RoleBinding that let only the app's credentials reader (a service account
 * in the app's namespace, used by External Secrets) get that Secret and the cluster CA certificate, by name: no
 * list, no watch, no other Secret (docs/events.md, "Credentials").
 */
export class KafkaUsers extends Construct {
  constructor(scope: Construct, id: string, props: KafkaUsersProps) {
    super(scope, id);
    const wave = { [SYNC_WAVE_ANNOTATION]: String(TOPICS_AND_USERS_SYNC_WAVE) };
    for (const app of props.apps) {
      const user = kafkaUserName(app.name);
      new ApiObject(this, `${app.name}-user`, {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaUser',
        metadata: {
          name: user,
          namespace: KAFKA_NAMESPACE,
          labels: { ...props.labels, 'strimzi.io/cluster': KAFKA_CLUSTER, team: app.team },
          annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS, ...wave },
        },
        spec: {
          authentication: { type: 'scram-sha-512' },
          authorization: { type: 'simple', acls: appAcls(app) },
        },
      });
      const role = kafkaCredentialsRole(app.name);
      const metadata = { name: role, namespace: KAFKA_NAMESPACE, labels: { ...props.labels } };
      new ApiObject(this, `${app.name}-role`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata,
        rules: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            resourceNames: [KAFKA_CLUSTER_CA_SECRET, user].sort(byCodePoint),
            verbs: ['get'],
          },
        ],
      });
      new ApiObject(this, `${app.name}-binding`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
        subjects: [{ kind: 'ServiceAccount', name: KAFKA_CREDENTIALS_READER, namespace: app.name }],
      });
    }
  }
}
