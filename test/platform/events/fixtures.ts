import type { AppSpec, EventsSpec } from '../../../lib/model/app-spec';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import type { EventsSettings } from '../../../lib/model/platform-settings';
import { cronJob, webService, worker } from '../fixtures';

/** Fixtures of the event bus tests: bus sizes and a producer, a consumer that also produces, an app off the bus. */
export const SCHEMA = 'schemas/orders.created.v1.avsc';
export const STAGING_BUS: EventsSettings = { brokers: 1, brokerStorageGi: 20 };
export const PRODUCTION_BUS: EventsSettings = {
  brokers: 3,
  controllers: 3,
  brokerStorageGi: 500,
  brokerMemoryMi: 8192,
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

export function withBus(definition: ClusterDefinition, events: EventsSettings = STAGING_BUS): ClusterDefinition {
  return { ...definition, platform: { ...definition.platform, events } };
}

/** gateway produces orders.created; worker consumes it in group notifications and produces mails.sent. */
export function apps(workerEvents: Partial<EventsSpec> = {}): AppSpec[] {
  return [
    webService({
      events: { produces: [{ name: 'orders.created', partitions: 12, retentionHours: 72, schema: SCHEMA }] },
    }),
    worker({
      events: {
        consumes: [{ topic: 'orders.created' }],
        produces: [{ name: 'mails.sent', schema: 'schemas/mails.sent.v1.json' }],
        consumerGroup: 'notifications',
        maxConsumerLag: 5000,
        ...workerEvents,
      },
    }),
    cronJob(),
  ];
}
