import { defineApp, WorkloadKind } from '../../lib';

/** The customer-facing web frontend (server-side rendered); talks to the gateway. */
export default defineApp({
  name: 'web',
  team: 'storefront',
  kind: WorkloadKind.WEB_SERVICE,
  imageRepository: 'web',
  ports: [{ name: 'http', port: 3000 }],
  metricsPort: 'http',
  probes: {
    liveness: { path: '/healthz' },
    readiness: { path: '/readyz' },
  },
  resources: { cpuRequestMilli: 200, memoryRequestMi: 256, memoryLimitMi: 512 },
  replicas: 2,
  config: { NODE_ENV: 'production', GATEWAY_URL: 'http://gateway.gateway.svc.cluster.local:8000' },
  ingress: { host: 'www' },
  secrets: { SESSION_SECRET: { property: 'session-secret' } },
  slo: { availabilityPercent: 99.5 },
});
