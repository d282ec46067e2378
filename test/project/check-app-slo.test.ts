import { describe, expect, it } from 'vitest';
import { cronJob, resolveCluster, stagingCluster, webService, worker } from '../platform/fixtures';
import type { AppSpec } from '../../lib/model/app-spec';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { problemsOf } from '../support/project';

function problems(definition: ClusterDefinition, specs: AppSpec[] = []): string[] {
  return problemsOf(() => resolveCluster(definition, specs));
}

describe('SLO and HTTP metrics checks', () => {
  it('reports bad SLOs in the app terms', () => {
    expect(
      problems(stagingCluster(), [
        webService({ slo: { availabilityPercent: 100, latencyPercent: 99, windowDays: 365 } as never }),
        worker({ metricsPort: undefined, slo: { availabilityPercent: 99.9, objective: 1 } as never }),
      ]),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": slo.availabilityPercent: 100 is not a percentage between 0 and 100 (exclusive); write availabilityPercent: 99.9 for "three nines"',
      'apps/gateway/index.ts: app "gateway": slo.windowDays: 365 days is longer than Prometheus keeps data; use at most 90',
      'apps/gateway/index.ts: app "gateway": slo.latencyPercent: a latency objective needs latencyThresholdMs, for example { latencyThresholdMs: 250, latencyPercent: 99 }',
      'apps/worker/index.ts: app "worker": slo.objective: unknown field; known fields: availabilityPercent, windowDays, latencyThresholdMs, latencyPercent, histogramBucketsMs, minEventsPerWindow',
      'apps/worker/index.ts: app "worker": slo: an SLO is measured from the app\'s HTTP metrics; set metricsPort to the port that serves them',
    ]);
  });

  it('rejects metric names Prometheus would not accept', () => {
    expect(
      problems(stagingCluster(), [
        webService({ httpMetrics: { requestsTotal: 'http-requests', statusCodeLabel: '5xx' } }),
      ]),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": httpMetrics.requestsTotal: "http-requests" is not a Prometheus metric name (for example "http_requests_total")',
      'apps/gateway/index.ts: app "gateway": httpMetrics.statusCodeLabel: "5xx" is not a Prometheus label name (for example "code")',
    ]);
  });

  it('refuses an SLO on a cron job', () => {
    expect(problems(stagingCluster(), [cronJob({ slo: { availabilityPercent: 99 } })])).toEqual([
      'apps/report/index.ts: app "report": slo: SLOs apply to apps that serve requests; a cron job runs to completion (alert on failed runs instead)',
      'apps/report/index.ts: app "report": slo: an SLO is measured from the app\'s HTTP metrics; set metricsPort to the port that serves them',
    ]);
  });
});
