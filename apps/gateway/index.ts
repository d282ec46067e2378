import { defineApp, WorkloadKind } from '../../lib';

/** The public API gateway: routes and authenticates every request from the web frontend and partners. */
export default defineApp({
  name: 'gateway',
  team: 'edge',
  kind: WorkloadKind.WEB_SERVICE,
  imageRepository: 'gateway',
  ports: [{ name: 'http', port: 8000 }],
  metricsPort: 'http',
  metricsPath: '/metrics',
  probes: {
    liveness: { path: '/health' },
    readiness: { path: '/ready' },
    startup: { path: '/health', periodSeconds: 5 },
  },
  resources: { cpuRequestMilli: 250, memoryRequestMi: 256, memoryLimitMi: 512 },
  autoscaling: { minReplicas: 2, maxReplicas: 6, cpuTargetPercent: 70 },
  config: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', UPSTREAM_TIMEOUT_MS: '5000' },
  ingress: { host: 'api' },
  secrets: { JWT_SIGNING_KEY: { property: 'jwt-signing-key' } },
  slo: { availabilityPercent: 99.9, windowDays: 30, latencyThresholdMs: 250, latencyPercent: 99 },
  allowedClients: ['web'],
  // OpenTelemetry traces to Tempo through Alloy, at the cluster's sampling rate (docs/platform.md, "Tracing").
  tracing: {},
  // Canary through Argo Rollouts (docs/delivery.md): 10% and 50% of requests, each held 5 minutes and judged
  // against the SLO above, then everyone; a failed analysis rolls back on its own.
  delivery: { strategy: 'canary', steps: [10, 50, 100], pauseMinutes: 5 },
});
