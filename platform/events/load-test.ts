import {
  KAFKA_BOOTSTRAP_SERVERS,
  KAFKA_CLUSTER,
  KAFKA_CLUSTER_CA_SECRET,
  KAFKA_NAMESPACE,
} from '../../lib/events/names';
import { DEFAULTS } from '../../lib/model/defaults';
import type { EventsSettings } from '../../lib/model/platform-settings';
import { replicationFactor } from '../../lib/project/check-event-bus';
import { STRIMZI_CHART } from './charts';
import type { ListenerPeer } from './kafka-cluster';
import { platformLabels } from '../shared/labels';
import { PlatformComponent } from '../../lib/model/platform-settings';

/** The name of the load-test drill's Job, KafkaUser and topic (docs/events.md, "Load test"). */
export const LOAD_TEST_NAME = 'kafka-load-test';

/** The drill's pods may use the client listener: they run in the Kafka namespace, which only platform admins write. */
export const LOAD_TEST_PEER: ListenerPeer = {
  namespace: KAFKA_NAMESPACE,
  podLabels: { 'app.kubernetes.io/name': LOAD_TEST_NAME },
};

/** What the drill sends and what it must measure to pass. */
export interface LoadTestOptions {
  /** Messages per second the producer offers (kafka-producer-perf-test `--throughput`). */
  readonly messagesPerSecond: number;
  /** How long it offers them. */
  readonly seconds: number;
  readonly recordBytes: number;
  /** The drill fails when the produce (acks=all) latency's 95th percentile is above this. */
  readonly p95LimitMs: number;
  /** Partitions of the drill's topic: the parallelism the brokers get. */
  readonly partitions: number;
}

/** The target of the backlog (Phase 0 task 0-3): 10,000 messages a second with p95 under 50 ms. */
export const LOAD_TEST_DEFAULTS: LoadTestOptions = {
  messagesPerSecond: 10_000,
  seconds: 120,
  recordBytes: 1024,
  p95LimitMs: 50,
  partitions: 12,
};

/** The image of the brokers, which carries Kafka's perf-test tools: Strimzi's `kafka:<strimzi>-kafka-<kafka>`. */
export function kafkaImage(settings: EventsSettings): string {
  return `quay.io/strimzi/kafka:${STRIMZI_CHART.version}-kafka-${settings.kafkaVersion ?? DEFAULTS.kafkaVersion}`;
}

const CA_DIR = '/etc/kafka-ca';

/** The drill's shell script: client config from the mounted credentials, the perf tests, the verdict. */
function script(options: LoadTestOptions): string {
  const records = options.messagesPerSecond * options.seconds;
  return [
    'set -euo pipefail',
    'cat > /tmp/client.properties <<EOF',
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    'sasl.jaas.config=${KAFKA_SASL_JAAS_CONFIG}',
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${CA_DIR}/ca.crt`,
    'EOF',
    // acks=all: a write counts once min.insync.replicas have it, the guarantee apps get.
    `bin/kafka-producer-perf-test.sh --topic ${LOAD_TEST_NAME} --num-records ${records} --record-size ${options.recordBytes} --throughput ${options.messagesPerSecond} --producer.config /tmp/client.properties --producer-props bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS} acks=all linger.ms=5 batch.size=131072 compression.type=lz4 | tee /tmp/producer.txt`,
    `bin/kafka-consumer-perf-test.sh --bootstrap-server ${KAFKA_BOOTSTRAP_SERVERS} --topic ${LOAD_TEST_NAME} --group ${LOAD_TEST_NAME} --messages ${records} --timeout 60000 --consumer.config /tmp/client.properties | tee /tmp/consumer.txt`,
    // The producer's last line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, a ms 50th, b ms 95th, ...".
    'summary=$(tail -n 1 /tmp/producer.txt)',
    `[[ $summary =~ ([0-9]+)\\.[0-9]+\\ records/sec ]] && rate=\${BASH_REMATCH[1]} || { echo "no producer summary"; exit 1; }`,
    `[[ $summary =~ ([0-9]+)\\ ms\\ 95th ]] && p95=\${BASH_REMATCH[1]} || { echo "no p95 in the summary"; exit 1; }`,
    `echo "RESULT: $rate msg/s (target ${options.messagesPerSecond}), p95 $p95 ms (limit ${options.p95LimitMs} ms)"`,
    // 1% slack: the tool's throttle lands just under the offered rate.
    `if (( rate * 100 < ${options.messagesPerSecond} * 99 )) || (( p95 >= ${options.p95LimitMs} )); then echo FAIL; exit 1; fi`,
    'echo PASS',
  ].join('\n');
}

/**
 * The load-test drill of a cluster's event bus, to apply by hand (`npm run events:load-test`, docs/events.md): a
 * short-lived topic and a user allowed only on it, and a Job in the Kafka namespace (a listener peer) that offers
 * `messagesPerSecond` for `seconds` with acks=all, reads them back, and exits 1 when the throughput falls short or
 * the produce p95 is at or above the limit. Not part of generated/: Argo CD would run it on every sync.
 */
export function loadTestObjects(
  settings: EventsSettings,
  options: LoadTestOptions = LOAD_TEST_DEFAULTS,
): Record<string, unknown>[] {
  const labels = { ...platformLabels(PlatformComponent.EVENTS), 'app.kubernetes.io/name': LOAD_TEST_NAME };
  const clusterLabels = { ...labels, 'strimzi.io/cluster': KAFKA_CLUSTER };
  const metadata = { name: LOAD_TEST_NAME, namespace: KAFKA_NAMESPACE };
  return [
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaTopic',
      metadata: { ...metadata, labels: clusterLabels },
      spec: {
        partitions: options.partitions,
        replicas: replicationFactor(settings),
        config: { 'retention.ms': 3_600_000 },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaUser',
      metadata: { ...metadata, labels: clusterLabels },
      spec: {
        authentication: { type: 'scram-sha-512' },
        authorization: {
          type: 'simple',
          acls: [
            {
              resource: { type: 'topic', name: LOAD_TEST_NAME, patternType: 'literal' },
              operations: ['Describe', 'Read', 'Write'],
            },
            { resource: { type: 'group', name: LOAD_TEST_NAME, patternType: 'literal' }, operations: ['Read'] },
          ],
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { ...metadata, labels },
      spec: {
        backoffLimit: 0,
        // Twice the offered time for start-up and the consumer pass, plus the consumer's idle timeout.
        activeDeadlineSeconds: options.seconds * 2 + 300,
        ttlSecondsAfterFinished: 86_400,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'load-test',
                image: kafkaImage(settings),
                command: ['/bin/bash', '-c', script(options)],
                env: [
                  {
                    name: 'KAFKA_SASL_JAAS_CONFIG',
                    valueFrom: { secretKeyRef: { name: LOAD_TEST_NAME, key: 'sasl.jaas.config' } },
                  },
                  { name: 'LOG_DIR', value: '/tmp/logs' },
                  { name: 'KAFKA_HEAP_OPTS', value: '-Xms512m -Xmx512m' },
                ],
                resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { memory: '1Gi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'ca', mountPath: CA_DIR, readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
              {
                name: 'ca',
                secret: { secretName: KAFKA_CLUSTER_CA_SECRET, items: [{ key: 'ca.crt', path: 'ca.crt' }] },
              },
            ],
          },
        },
      },
    },
  ];
}
