/**
 * Names the event bus shares between its platform unit (the Kafka cluster, topics, users) and the apps that use
 * it (credentials, connection settings, network policies). See docs/events.md.
 */

/** Namespace of the Strimzi operator, the Kafka cluster, its KafkaTopics and KafkaUsers. */
export const KAFKA_NAMESPACE = 'kafka';

/** Name of the `Kafka` resource; Strimzi derives its Services, Secrets and pod labels from it. */
export const KAFKA_CLUSTER = 'events';

/** The listener apps connect to: TLS, SCRAM-SHA-512 authentication. */
export const KAFKA_CLIENT_PORT = 9093;

/** Bootstrap address of the client listener (Strimzi's `<cluster>-kafka-bootstrap` Service). */
export const KAFKA_BOOTSTRAP_SERVERS = `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc:${KAFKA_CLIENT_PORT}`;

/** Strimzi's Secret with the cluster CA certificate (`ca.crt`) clients verify the brokers with. */
export const KAFKA_CLUSTER_CA_SECRET = `${KAFKA_CLUSTER}-cluster-ca-cert`;

/** Labels Strimzi puts on every broker pod of the cluster. */
export const KAFKA_BROKER_LABELS: Readonly<Record<string, string>> = {
  'strimzi.io/cluster': KAFKA_CLUSTER,
  'strimzi.io/kind': 'Kafka',
  'strimzi.io/broker-role': 'true',
};

/** The KafkaUser of an app, and the Secret Strimzi's User Operator writes for it (in KAFKA_NAMESPACE). */
export function kafkaUserName(app: string): string {
  return app;
}

/** In the app's namespace: the Secret with its Kafka password and the cluster CA, copied by External Secrets. */
export function kafkaCredentialsSecret(app: string): string {
  return `${app}-kafka`;
}

/** The service account External Secrets authenticates as to read the app's Kafka Secrets (and nothing else). */
export const KAFKA_CREDENTIALS_READER = 'kafka-credentials-reader';

/** The SecretStore in the app's namespace that reads from KAFKA_NAMESPACE. */
export const KAFKA_SECRET_STORE = 'kafka';

/** In KAFKA_NAMESPACE: the Role (and RoleBinding) that lets one app's reader get its two Secrets. */
export function kafkaCredentialsRole(app: string): string {
  return `kafka-credentials-${app}`;
}

/** Environment variable holding a topic's name: `orders.created` -> `KAFKA_TOPIC_ORDERS_CREATED`. */
export function topicEnvName(topic: string): string {
  return `KAFKA_TOPIC_${topic.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
