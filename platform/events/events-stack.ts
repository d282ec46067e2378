import { Construct } from 'constructs';
import { KAFKA_NAMESPACE } from '../../lib/events/names';
import { clusterTopics, eventApps } from '../../lib/events/topics';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent, type EventsSettings } from '../../lib/model/platform-settings';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { minInsyncReplicas, replicationFactor } from '../../lib/project/check-event-bus';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { STRIMZI_CHART } from './charts';
import { strimziValues } from './values';
import { EventMonitoring } from './event-monitoring';
import { KafkaCluster } from './kafka-cluster';
import { LOAD_TEST_PEER } from './load-test';
import { KafkaNetworkPolicies } from './network-policies';
import { KafkaTopics } from './topics';
import { KafkaUsers } from './users';

export interface EventsStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: EventsSettings;
  /** Every app of the cluster; those with `events` get topics, users and access. */
  readonly apps: readonly ResolvedApp[];
}

/**
 * The event bus of a cluster (docs/events.md): Strimzi's operator (chart, wave -1 in the folder), the Kafka cluster
 * and its node pools (wave 0, once the CRDs exist), then a KafkaTopic per declared topic and a KafkaUser per app
 * (wave 1, once Kafka and its entity operator are healthy), the credentials readers' Roles, the namespace's
 * NetworkPolicies and, with monitoring, the Kafka Exporter PodMonitor and alerts.
 */
export class EventsStack extends Construct {
  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const labels = platformLabels(PlatformComponent.EVENTS);
    const apps = eventApps(props.apps);
    const topics = clusterTopics(apps);
    new HelmApplication(this, 'chart', {
      component: PlatformComponent.EVENTS,
      pin: STRIMZI_CHART,
      platform: cluster.platform,
      releaseName: 'strimzi-kafka-operator',
      namespace: KAFKA_NAMESPACE,
      values: strimziValues(),
      // The Kafka CRD is larger than the client-side apply annotation allows.
      serverSideApply: true,
    });
    new KafkaCluster(this, 'kafka', {
      settings,
      labels,
      peers: [
        ...apps.map((app) => ({ namespace: app.name, podLabels: { 'app.kubernetes.io/name': app.name } })),
        LOAD_TEST_PEER,
      ],
    });
    new KafkaTopics(this, 'topics', {
      topics,
      replicationFactor: replicationFactor(settings),
      minInsyncReplicas: minInsyncReplicas(settings),
      labels,
    });
    new KafkaUsers(this, 'users', { apps, labels });
    const monitoring = cluster.platform?.monitoring !== undefined;
    new KafkaNetworkPolicies(this, 'network-policies', { labels, monitoring });
    if (monitoring) {
      new EventMonitoring(this, 'monitoring', {
        labels,
        brokers: settings.brokers,
        minInsyncReplicas: minInsyncReplicas(settings),
        topics,
        apps,
      });
    }
  }
}
