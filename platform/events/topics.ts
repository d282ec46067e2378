import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KAFKA_CLUSTER, KAFKA_NAMESPACE } from '../../lib/events/names';
import type { ClusterTopic } from '../../lib/events/topics';
import { CUSTOM_RESOURCE_ANNOTATIONS, SYNC_WAVE_ANNOTATION } from '../shared/argocd';

/** Inside the events folder: topics and users after the Kafka cluster (wave 0), whose entity operator serves them. */
export const TOPICS_AND_USERS_SYNC_WAVE = 1;

/** Annotations reviewers read on a KafkaTopic: its schema and the apps on either side. */
export const TOPIC_ANNOTATIONS = {
  schema: 'events.platform/schema',
  producers: 'events.platform/producers',
  consumers: 'events.platform/consumers',
} as const;

const HOUR_MS = 3_600_000;

export interface KafkaTopicsProps {
  readonly topics: readonly ClusterTopic[];
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** One KafkaTopic per declared topic, named as the topic (the declarations allow only names Kubernetes accepts). */
export class KafkaTopics extends Construct {
  constructor(scope: Construct, id: string, props: KafkaTopicsProps) {
    super(scope, id);
    for (const topic of props.topics) {
      new ApiObject(this, topic.name, {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaTopic',
        metadata: {
          name: topic.name,
          namespace: KAFKA_NAMESPACE,
          labels: { ...props.labels, 'strimzi.io/cluster': KAFKA_CLUSTER },
          annotations: {
            ...CUSTOM_RESOURCE_ANNOTATIONS,
            [SYNC_WAVE_ANNOTATION]: String(TOPICS_AND_USERS_SYNC_WAVE),
            [TOPIC_ANNOTATIONS.schema]: topic.schema,
            [TOPIC_ANNOTATIONS.producers]: topic.producers.join(','),
            [TOPIC_ANNOTATIONS.consumers]: topic.consumers.join(','),
          },
        },
        spec: {
          partitions: topic.partitions,
          replicas: props.replicationFactor,
          config: {
            'retention.ms': topic.retentionHours * HOUR_MS,
            'min.insync.replicas': props.minInsyncReplicas,
          },
        },
      });
    }
  }
}
