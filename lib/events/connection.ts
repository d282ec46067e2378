import type { ResolvedEvents } from '../model/resolved-app';
import { KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLUSTER_CA_SECRET, kafkaUserName, topicEnvName } from './names';

/**
 * Plain connection settings of an app on the event bus, added to its config (ConfigMap, environment): where the
 * brokers are, how to authenticate, its consumer group and one variable per topic it uses, so code never spells
 * a topic name that the declarations do not grant.
 */
export function kafkaConnectionConfig(app: string, events: ResolvedEvents): Record<string, string> {
  const topics = [...events.produces.map((topic) => topic.name), ...events.consumes.map((entry) => entry.topic)];
  return {
    KAFKA_BOOTSTRAP_SERVERS,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_USERNAME: kafkaUserName(app),
    ...(events.consumerGroup === undefined ? {} : { KAFKA_CONSUMER_GROUP: events.consumerGroup }),
    ...Object.fromEntries(topics.map((topic) => [topicEnvName(topic), topic])),
  };
}

/** Environment variables from the app's Kafka credentials Secret: [variable, source Secret in the Kafka namespace, its key]. */
export function kafkaSecretEnv(app: string): readonly { env: string; from: string; key: string }[] {
  return [
    // The PEM of the cluster CA: clients verify the brokers' TLS certificates with it.
    { env: 'KAFKA_CA_CERT', from: KAFKA_CLUSTER_CA_SECRET, key: 'ca.crt' },
    { env: 'KAFKA_PASSWORD', from: kafkaUserName(app), key: 'password' },
    // The ready JAAS line for Java clients (`sasl.jaas.config`).
    { env: 'KAFKA_SASL_JAAS_CONFIG', from: kafkaUserName(app), key: 'sasl.jaas.config' },
  ];
}

/** Every variable the event bus sets, so an app's own config or secrets cannot set one of them too. */
export function kafkaEnvNames(app: string, events: ResolvedEvents): string[] {
  return [...Object.keys(kafkaConnectionConfig(app, events)), ...kafkaSecretEnv(app).map((entry) => entry.env)];
}
