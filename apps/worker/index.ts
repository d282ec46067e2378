import { defineApp, WorkloadKind } from '../../lib';

/** Background worker: consumes the order queue and sends notifications. */
export default defineApp({
  name: 'worker',
  team: 'edge',
  kind: WorkloadKind.WORKER,
  imageRepository: 'worker',
  args: ['worker', '--queue=orders', '--concurrency=8'],
  ports: [{ name: 'metrics', port: 9090 }],
  metricsPort: 'metrics',
  probes: {
    liveness: { path: '/healthz' },
    readiness: { path: '/readyz' },
  },
  resources: { cpuRequestMilli: 100, memoryRequestMi: 192, memoryLimitMi: 384 },
  replicas: 1,
  secrets: { QUEUE_PASSWORD: { property: 'queue-password' } },
  config: { LOG_FORMAT: 'json', QUEUE_VISIBILITY_TIMEOUT_SECONDS: '120' },
});
