import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KAFKA_CLIENT_PORT, KAFKA_CLUSTER, KAFKA_NAMESPACE } from '../../lib/events/names';
import { DEFAULTS } from '../../lib/model/defaults';
import type { EventsSettings } from '../../lib/model/platform-settings';
import { minInsyncReplicas, replicationFactor } from '../../lib/project/check-event-bus';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';

/** Who may connect to the client listener: a pod selector in a namespace (Strimzi writes the NetworkPolicy). */
export interface ListenerPeer {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface KafkaClusterProps {
  readonly settings: EventsSettings;
  readonly labels: Readonly<Record<string, string>>;
  /** Pods allowed on the client listener: the apps that use the bus (and the load-test drill). */
  readonly peers: readonly ListenerPeer[];
}

/** Disk of a dedicated KRaft controller: it holds only the metadata log. */
const CONTROLLER_STORAGE_GI = 20;
const ZONE_KEY = 'topology.kubernetes.io/zone';

/**
 * The `Kafka` cluster and its KafkaNodePools (KRaft: no ZooKeeper). Clients use one TLS listener with SCRAM-SHA-512
 * users and simple ACLs, so a KafkaUser has exactly the ACLs it declares; topics are never auto-created (only
 * KafkaTopics make them). Rack awareness on the zone puts each partition's replicas in different zones, and
 * consumers fetch from a replica in their own zone where they say theirs (RackAwareReplicaSelector). Kafka Exporter
 * publishes consumer lag and partition health for the alerts.
 */
export class KafkaCluster extends Construct {
  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const { settings, labels } = props;
    const copies = replicationFactor(settings);
    const minIsr = minInsyncReplicas(settings);
    const controllers = settings.controllers ?? 0;
    const memoryMi = settings.brokerMemoryMi ?? DEFAULTS.kafkaBrokerMemoryMi;
    const metadata = (name: string) => ({
      name,
      namespace: KAFKA_NAMESPACE,
      labels: { ...labels, 'strimzi.io/cluster': KAFKA_CLUSTER },
      annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
    });

    new ApiObject(this, 'kafka', {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'Kafka',
      metadata: { ...metadata(KAFKA_CLUSTER), labels: { ...labels } },
      spec: {
        kafka: {
          version: settings.kafkaVersion ?? DEFAULTS.kafkaVersion,
          listeners: [
            {
              name: 'tls',
              port: KAFKA_CLIENT_PORT,
              type: 'internal',
              tls: true,
              authentication: { type: 'scram-sha-512' },
              networkPolicyPeers: props.peers.map((peer) => ({
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
                podSelector: { matchLabels: { ...peer.podLabels } },
              })),
            },
          ],
          authorization: { type: 'simple' },
          rack: { topologyKey: ZONE_KEY },
          config: {
            'auto.create.topics.enable': false,
            'default.replication.factor': copies,
            'min.insync.replicas': minIsr,
            'offsets.topic.replication.factor': copies,
            'transaction.state.log.replication.factor': copies,
            'transaction.state.log.min.isr': minIsr,
            'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
          },
        },
        entityOperator: {
          topicOperator: { resources: resources(100, 256) },
          userOperator: { resources: resources(100, 256) },
        },
        kafkaExporter: { topicRegex: '.*', groupRegex: '.*', resources: resources(50, 128) },
      },
    });

    const pool = (name: string, roles: string[], replicas: number, storageGi: number, cpuMilli: number, mi: number) =>
      new ApiObject(this, name, {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaNodePool',
        metadata: metadata(name),
        spec: {
          replicas,
          roles,
          storage: {
            type: 'persistent-claim',
            size: `${storageGi}Gi`,
            // Deleting the Kafka resource must not delete the data with it.
            deleteClaim: false,
            ...(settings.storageClassName === undefined ? {} : { class: settings.storageClassName }),
          },
          resources: resources(cpuMilli, mi),
          template: {
            pod: {
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: ZONE_KEY,
                  whenUnsatisfiable: 'DoNotSchedule',
                  labelSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER, 'strimzi.io/pool-name': name } },
                },
              ],
            },
          },
        },
      });
    pool(
      'broker',
      controllers === 0 ? ['controller', 'broker'] : ['broker'],
      settings.brokers,
      settings.brokerStorageGi,
      settings.brokerCpuRequestMilli ?? DEFAULTS.kafkaBrokerCpuRequestMilli,
      memoryMi,
    );
    if (controllers > 0) pool('controller', ['controller'], controllers, CONTROLLER_STORAGE_GI, 200, 1024);
  }
}

/** Requests, and a memory limit equal to the request (no CPU limit: it throttles latency long before a node is busy). */
function resources(cpuMilli: number, memoryMi: number): Record<string, unknown> {
  return {
    requests: { cpu: `${cpuMilli}m`, memory: `${memoryMi}Mi` },
    limits: { memory: `${memoryMi}Mi` },
  };
}
