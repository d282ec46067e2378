import { defineApp, WorkloadKind } from '../../lib';

/** Order intake: every accepted order becomes an `orders.created` event (docs/events.md). Staging only for now. */
export default defineApp({
  name: 'orders',
  team: 'storefront',
  kind: WorkloadKind.WEB_SERVICE,
  imageRepository: 'orders',
  ports: [{ name: 'http', port: 8080 }],
  metricsPort: 'http',
  probes: { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } },
  resources: { cpuRequestMilli: 200, memoryRequestMi: 256, memoryLimitMi: 512 },
  replicas: 1,
  config: { LOG_FORMAT: 'json' },
  allowedClients: ['gateway'],
  events: {
    produces: [
      { name: 'orders.created', partitions: 6, retentionHours: 168, schema: 'schemas/orders.created.v1.avsc' },
    ],
  },
});
