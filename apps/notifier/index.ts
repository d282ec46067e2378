import { defineApp, WorkloadKind } from '../../lib';

/** Sends order confirmations: consumes `orders.created` (docs/events.md). Staging only for now. */
export default defineApp({
  name: 'notifier',
  team: 'storefront',
  kind: WorkloadKind.WORKER,
  imageRepository: 'notifier',
  ports: [{ name: 'metrics', port: 9090 }],
  metricsPort: 'metrics',
  probes: { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } },
  resources: { cpuRequestMilli: 100, memoryRequestMi: 192, memoryLimitMi: 384 },
  replicas: 1,
  config: { LOG_FORMAT: 'json' },
  events: {
    consumes: [{ topic: 'orders.created', schema: 'schemas/orders.created.v1.avsc' }],
    consumerGroup: 'order-confirmations',
  },
});
