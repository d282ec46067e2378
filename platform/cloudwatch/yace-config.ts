import { stringify } from 'yaml';
import {
  CACHE_METRICS,
  CLOUDWATCH_NAMESPACES,
  type CloudWatchMetric,
  DATABASE_METRICS,
  RESOURCE_DIMENSIONS,
} from './cloudwatch-metrics';

/** CloudWatch period of every metric: RDS and ElastiCache publish one data point per minute. */
export const METRIC_PERIOD_SECONDS = 60;
/** How far back YACE asks: the newest data point of the last 5 minutes (CloudWatch lags by a minute or two). */
export const METRIC_LENGTH_SECONDS = 300;

export interface YaceConfigProps {
  readonly region: string;
  /** The tag every resource of the cluster's infra carries, and its value (the cluster name). */
  readonly clusterTag: { readonly key: string; readonly value: string };
}

/** One discovery job: the resources of a namespace that carry the cluster's tag, in the cluster's region. */
function discoveryJob(props: YaceConfigProps, metrics: readonly CloudWatchMetric[]): Record<string, unknown> {
  const service = metrics[0]!.service;
  return {
    type: CLOUDWATCH_NAMESPACES[service],
    regions: [props.region],
    // Anchored: the value is a regular expression, and `staging` must not also match `staging-eu`.
    searchTags: [{ key: props.clusterTag.key, value: `^${escapeRegex(props.clusterTag.value)}$` }],
    // One series per resource: ElastiCache also publishes per-node series, RDS per class and engine.
    dimensionNameRequirements: [RESOURCE_DIMENSIONS[service]],
    metrics: metrics.map((metric) => ({
      name: metric.name,
      statistics: [metric.statistic],
      period: METRIC_PERIOD_SECONDS,
      length: METRIC_LENGTH_SECONDS,
      ...(metric.nilToZero === true ? { nilToZero: true } : {}),
    })),
  };
}

/**
 * YACE's configuration file: two tag-discovery jobs, AWS/RDS and AWS/ElastiCache, for the resources that carry
 * the cluster's tag in its region only. Infra's provider tags every resource of the cluster's stack with it, so
 * YACE never reads another cluster's (or another team's) database; the alert rules select the cluster's
 * `databaseIdentifier` and `cacheReplicationGroupId` by name on top.
 */
export function yaceConfig(props: YaceConfigProps): string {
  return stringify(
    {
      apiVersion: 'v1alpha1',
      discovery: {
        jobs: [discoveryJob(props, Object.values(DATABASE_METRICS)), discoveryJob(props, Object.values(CACHE_METRICS))],
      },
    },
    { lineWidth: 0 },
  );
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
