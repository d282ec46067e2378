/** A CloudWatch metric YACE exports, with the one statistic we ask for. */
export interface CloudWatchMetric {
  /** YACE's alias of the CloudWatch namespace: the second part of every series name (`aws_rds_...`). */
  readonly service: 'rds' | 'elasticache';
  readonly name: string;
  readonly statistic: 'Maximum' | 'Minimum' | 'Average' | 'Sum';
  /** Export 0 when CloudWatch has no data point (counts such as evictions report none while nothing happens). */
  readonly nilToZero?: boolean;
}

/** The CloudWatch namespace of each service alias. */
export const CLOUDWATCH_NAMESPACES: Readonly<Record<CloudWatchMetric['service'], string>> = {
  rds: 'AWS/RDS',
  elasticache: 'AWS/ElastiCache',
};

/** The dimension that names the resource of each service (a label `dimension_<name>` on every series). */
export const RESOURCE_DIMENSIONS: Readonly<Record<CloudWatchMetric['service'], string>> = {
  rds: 'DBInstanceIdentifier',
  elasticache: 'CacheClusterId',
};

const rds = (name: string, statistic: CloudWatchMetric['statistic']): CloudWatchMetric => ({
  service: 'rds',
  name,
  statistic,
});
const cache = (name: string, statistic: CloudWatchMetric['statistic'], nilToZero = false): CloudWatchMetric => ({
  service: 'elasticache',
  name,
  statistic,
  ...(nilToZero ? { nilToZero } : {}),
});

/** The metrics of the database (RDS PostgreSQL) the alerts and the dashboard read. */
export const DATABASE_METRICS = {
  cpu: rds('CPUUtilization', 'Maximum'),
  connections: rds('DatabaseConnections', 'Maximum'),
  freeStorage: rds('FreeStorageSpace', 'Minimum'),
  freeableMemory: rds('FreeableMemory', 'Minimum'),
  replicaLag: rds('ReplicaLag', 'Maximum'),
  readLatency: rds('ReadLatency', 'Average'),
  writeLatency: rds('WriteLatency', 'Average'),
} as const;

/** The metrics of the cache (ElastiCache Valkey), per node group member. */
export const CACHE_METRICS = {
  engineCpu: cache('EngineCPUUtilization', 'Maximum'),
  memory: cache('DatabaseMemoryUsagePercentage', 'Maximum'),
  evictions: cache('Evictions', 'Sum', true),
  connections: cache('CurrConnections', 'Maximum'),
  replicationLag: cache('ReplicationLag', 'Maximum'),
  hitRate: cache('CacheHitRate', 'Average'),
} as const;

/**
 * The Prometheus series name YACE gives a metric: `aws_<service>_<metric in snake case>_<statistic>`, where a
 * capital letter after a lower-case letter or digit starts a new word (YACE's PromString):
 * CPUUtilization -> `aws_rds_cpuutilization_maximum`, FreeStorageSpace -> `aws_rds_free_storage_space_minimum`.
 */
export function seriesName(metric: CloudWatchMetric): string {
  const snake = metric.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return `aws_${metric.service}_${snake}_${metric.statistic.toLowerCase()}`;
}
