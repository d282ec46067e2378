import { KAFKA_NAMESPACE } from '../../lib/events/names';
import type { ListenerPeer } from './kafka-cluster';

/** The name of the load-test drill's Job, KafkaUser and topic (docs/events.md, "Load test"). */
export const LOAD_TEST_NAME = 'kafka-load-test';

/** The drill's pods may use the client listener: they run in the Kafka namespace, which only platform admins write. */
export const LOAD_TEST_PEER: ListenerPeer = {
  namespace: KAFKA_NAMESPACE,
  podLabels: { 'app.kubernetes.io/name': LOAD_TEST_NAME },
};
