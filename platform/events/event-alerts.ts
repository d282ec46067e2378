import type { ClusterTopic } from '../../lib/events/topics';
import { KAFKA_NAMESPACE } from '../../lib/events/names';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { formatNumber } from '../monitoring/selectors';
import { alertingRule, type AlertingRule, type RuleGroup } from '../monitoring/prometheus-rule';
import { Severity } from '../monitoring/severity';
import { PLATFORM_TEAM } from '../shared/labels';

/** Kafka Exporter's series (scraped by the events PodMonitor) carry the pod's namespace. */
const EXPORTER = `namespace="${KAFKA_NAMESPACE}"`;

export interface EventAlertsInput {
  readonly brokers: number;
  readonly minInsyncReplicas: number;
  readonly topics: readonly ClusterTopic[];
  /** Apps on the bus; those that consume get a lag alert for their group. */
  readonly apps: readonly ResolvedApp[];
}

const rule = alertingRule;

/** A PromQL regex matching exactly these names (dots escaped). */
function exactly(names: readonly string[]): string {
  return names.map((name) => name.replace(/\./g, '\\\\.')).join('|');
}

/**
 * Broker health for the platform team: Kafka Exporter down (every other alert here would go quiet), fewer brokers
 * than configured, partitions without a leader (reads and writes fail), partitions under min.insync.replicas
 * (acks=all writes fail) and under-replicated partitions (one more failure from the former).
 */
export function brokerRuleGroup(input: EventAlertsInput): RuleGroup {
  const base = { team: PLATFORM_TEAM, namespace: KAFKA_NAMESPACE };
  const critical = { severity: Severity.CRITICAL, ...base };
  const warning = { severity: Severity.WARNING, ...base };
  return {
    name: 'kafka.brokers',
    rules: [
      rule(
        'KafkaExporterDown',
        `absent(kafka_brokers{${EXPORTER}})`,
        '10m',
        warning,
        'Kafka Exporter reports nothing',
        'No kafka_brokers series for 10 minutes: Kafka Exporter is down or cannot reach the brokers, so consumer-lag and partition alerts cannot fire.',
      ),
      rule(
        'KafkaBrokersMissing',
        `max(kafka_brokers{${EXPORTER}}) < ${input.brokers}`,
        '5m',
        critical,
        'Kafka has fewer brokers than configured',
        `Kafka reports {{ $value }} brokers of ${input.brokers} for 5 minutes; partitions led by the missing brokers have moved or are offline.`,
      ),
      rule(
        'KafkaOfflinePartitions',
        `count by (topic) (kafka_topic_partition_leader{${EXPORTER}} < 0) > 0`,
        '1m',
        critical,
        'Kafka partitions have no leader',
        '{{ $value }} partitions of topic {{ $labels.topic }} have no leader: producing to and consuming from them fails.',
      ),
      rule(
        'KafkaPartitionsUnderMinIsr',
        `count by (topic) (kafka_topic_partition_in_sync_replica{${EXPORTER}} < ${input.minInsyncReplicas}) > 0`,
        '5m',
        critical,
        'Kafka partitions are below min.insync.replicas',
        `{{ $value }} partitions of topic {{ $labels.topic }} have fewer than ${input.minInsyncReplicas} in-sync replicas for 5 minutes: producers with acks=all get errors.`,
      ),
      rule(
        'KafkaUnderReplicatedPartitions',
        `sum by (topic) (kafka_topic_partition_under_replicated_partition{${EXPORTER}}) > 0`,
        '15m',
        warning,
        'Kafka partitions are under-replicated',
        '{{ $value }} partitions of topic {{ $labels.topic }} have replicas out of sync for 15 minutes: one more broker failure makes them unwritable or offline.',
      ),
    ],
  };
}

/**
 * One lag alert per consumer group, owned by the consuming app's team: the group is more messages behind on a topic
 * than the app's `maxConsumerLag`, for 10 minutes (a burst that the consumers catch up with does not page anyone).
 */
export function consumerLagRuleGroup(input: EventAlertsInput): RuleGroup {
  const rules = input.apps.flatMap((app): AlertingRule[] => {
    const events = app.events;
    if (events?.consumerGroup === undefined) return [];
    const topics = events.consumes.map((entry) => entry.topic);
    return [
      rule(
        'KafkaConsumerLagHigh',
        `sum by (consumergroup, topic) (kafka_consumergroup_lag{${EXPORTER},consumergroup="${events.consumerGroup}",topic=~"${exactly(topics)}"}) > ${formatNumber(events.maxConsumerLag)}`,
        '10m',
        { severity: Severity.WARNING, team: app.team, app: app.name, namespace: app.name },
        'A consumer group is falling behind',
        `Consumer group {{ $labels.consumergroup }} of app ${app.name} is {{ $value }} messages behind on topic {{ $labels.topic }} (threshold ${events.maxConsumerLag}) for 10 minutes.`,
      ),
    ];
  });
  return { name: 'kafka.consumer-lag', rules };
}
