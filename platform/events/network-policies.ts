import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULTS } from '../../lib/model/defaults';
import { KAFKA_NAMESPACE } from '../../lib/events/names';
import { KAFKA_EXPORTER_LABELS, KAFKA_EXPORTER_PORT } from './event-monitoring';

export interface KafkaNetworkPoliciesProps {
  readonly labels: Readonly<Record<string, string>>;
  readonly monitoring: boolean;
}

/**
 * Nothing reaches a pod in the Kafka namespace unless a policy admits it: Strimzi's own NetworkPolicies (the
 * chart's `generateNetworkPolicy`) admit its components to each other and the listener's `networkPolicyPeers` (the
 * apps that declare topics) to the client port; this adds Prometheus on Kafka Exporter's metrics port. Egress
 * stays open: the brokers, operators and exporter talk to each other and to the API server, and Strimzi writes
 * no egress rules for them.
 */
export class KafkaNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: KafkaNetworkPoliciesProps) {
    super(scope, id);
    new ApiObject(this, 'default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', namespace: KAFKA_NAMESPACE, labels: { ...props.labels } },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    if (!props.monitoring) return;
    new ApiObject(this, 'exporter', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'kafka-exporter-metrics', namespace: KAFKA_NAMESPACE, labels: { ...props.labels } },
      spec: {
        podSelector: { matchLabels: { ...KAFKA_EXPORTER_LABELS } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DEFAULTS.monitoringNamespace } } },
            ],
            ports: [{ port: KAFKA_EXPORTER_PORT, protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}
