import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KAFKA_CLUSTER, KAFKA_NAMESPACE } from '../../lib/events/names';
import { DEFAULTS } from '../../lib/model/defaults';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { brokerRuleGroup, consumerLagRuleGroup, type EventAlertsInput } from './event-alerts';

/** Kafka Exporter's pods, as Strimzi labels them, and the port it serves metrics on. */
export const KAFKA_EXPORTER_LABELS = {
  'strimzi.io/cluster': KAFKA_CLUSTER,
  'strimzi.io/kind': 'Kafka',
  'strimzi.io/name': `${KAFKA_CLUSTER}-kafka-exporter`,
};
export const KAFKA_EXPORTER_PORT = 'tcp-prometheus';

export interface EventMonitoringProps extends EventAlertsInput {
  readonly labels: Readonly<Record<string, string>>;
}

/** Prometheus scrapes Kafka Exporter (a PodMonitor) and evaluates the broker and consumer-lag alerts. */
export class EventMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: EventMonitoringProps) {
    super(scope, id);
    const metadata = {
      name: `${KAFKA_CLUSTER}-kafka-exporter`,
      namespace: KAFKA_NAMESPACE,
      labels: { ...props.labels },
      annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
    };
    new ApiObject(this, 'pod-monitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata,
      spec: {
        selector: { matchLabels: { ...KAFKA_EXPORTER_LABELS } },
        namespaceSelector: { matchNames: [KAFKA_NAMESPACE] },
        podMetricsEndpoints: [
          { port: KAFKA_EXPORTER_PORT, path: '/metrics', interval: DEFAULTS.scrapeInterval, scheme: 'http' },
        ],
      },
    });
    new ApiObject(this, 'rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { ...metadata, name: KAFKA_CLUSTER },
      spec: { groups: [brokerRuleGroup(props), consumerLagRuleGroup(props)].filter((group) => group.rules.length > 0) },
    });
  }
}
