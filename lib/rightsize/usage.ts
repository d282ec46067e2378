import { FINOPS_RECORDS, maxOver, p95Over } from '../../platform/monitoring/finops-rules';
import type { ObservedUsage } from './recommend';
import { type PrometheusQueryOptions, queryVector, type VectorSample } from './prometheus-api';

/**
 * The queries behind the report, over the FinOps recording rules' per-app series of the busiest pod: for the default
 * window they are the expressions of the `app:pod_*:p95_7d` and `:max_7d` rules the dashboard shows.
 */
export function usageQueries(window: string): Record<keyof ObservedUsage, string> {
  return {
    cpuP95Cores: p95Over(FINOPS_RECORDS.podCpuUsageMax, window),
    memoryP95Bytes: p95Over(FINOPS_RECORDS.podMemoryUsageMax, window),
    memoryPeakBytes: maxOver(FINOPS_RECORDS.podMemoryUsageMax, window),
  };
}

/** Observed usage per app (the `app` label; apps run one per namespace), from Prometheus' HTTP API. */
export async function observedUsage(
  options: PrometheusQueryOptions,
  window: string,
): Promise<Map<string, ObservedUsage>> {
  const queries = usageQueries(window);
  const keys = Object.keys(queries) as (keyof ObservedUsage)[];
  const results = await Promise.all(keys.map((key) => queryVector(options, queries[key])));
  const usage = new Map<string, Record<string, number>>();
  keys.forEach((key, index) => {
    for (const sample of results[index]!) {
      const app = appOf(sample);
      if (app === undefined) continue;
      const entry = usage.get(app) ?? {};
      // Several series per app (the namespace and app labels disagree): the largest is the safe figure.
      entry[key] = Math.max(entry[key] ?? Number.NEGATIVE_INFINITY, sample.value);
      usage.set(app, entry);
    }
  });
  return usage as Map<string, ObservedUsage>;
}

function appOf(sample: VectorSample): string | undefined {
  return sample.labels.app;
}
