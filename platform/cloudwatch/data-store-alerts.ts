import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import type { CloudWatchSettings, DataStoreAlertsSpec } from '../../lib/model/platform-settings';
import { cacheReplicationGroupId, databaseIdentifier, databaseMaxConnections } from '../../lib/naming';
import type { AlertingRule, RuleGroup } from '../monitoring/prometheus-rule';
import { formatNumber, runbookUrl } from '../monitoring/selectors';
import { Severity } from '../monitoring/severity';
import { PLATFORM_TEAM } from '../shared/labels';
import {
  CACHE_METRICS,
  type CloudWatchMetric,
  DATABASE_METRICS,
  RESOURCE_DIMENSIONS,
  seriesName,
} from './cloudwatch-metrics';

/** Namespace of YACE and of the data store rules: Alertmanager groups and inhibits on it. */
export const CLOUDWATCH_NAMESPACE = 'cloudwatch-exporter';

/** Every threshold of the data store alerts: the cluster's `platform.cloudwatch.alerts`, else DEFAULTS. */
export type DataStoreThresholds = Required<DataStoreAlertsSpec>;

export function dataStoreThresholds(settings: CloudWatchSettings): DataStoreThresholds {
  return { ...DEFAULTS.dataStoreAlerts, ...settings.alerts };
}

/** Which resources of the cluster the rules look at: the label matcher of each service's resource dimension. */
export interface DataStoreResources {
  readonly database: string;
  readonly cache: string;
  /** The database's max_connections (infra's parameter group). */
  readonly maxConnections: number;
}

/**
 * The database and its read replicas (`<identifier>-...`), and the cache's member clusters, which ElastiCache
 * names `<replication group>-001`, `-002`, ...
 */
export function dataStoreResources(cluster: AwsClusterDefinition): DataStoreResources {
  return {
    database: `${databaseIdentifier(cluster)}(-.+)?`,
    cache: `${cacheReplicationGroupId(cluster)}-[0-9]+`,
    maxConnections: databaseMaxConnections(cluster.environment),
  };
}

/** The PromQL selector of one metric of the cluster's database or cache. */
export function dataStoreSeries(metric: CloudWatchMetric, resources: DataStoreResources): string {
  const pattern = metric.service === 'rds' ? resources.database : resources.cache;
  return `${seriesName(metric)}{dimension_${RESOURCE_DIMENSIONS[metric.service]}=~"${pattern}"}`;
}

/**
 * One threshold alert on one CloudWatch metric: the per-resource value (max or min over the series of a resource)
 * compared with a threshold. Tests build their promtool scenarios from the same table.
 */
export interface ThresholdAlert {
  readonly alert: string;
  readonly metric: CloudWatchMetric;
  /** `>` fires above the threshold (max of the resource's series), `<` below it (min). */
  readonly op: '>' | '<';
  /** In the metric's unit (bytes, percent, seconds, count per minute). */
  readonly threshold: number;
  readonly forMinutes: number;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
}

const GIB = 2 ** 30;

/** The threshold alerts of the cluster's database and cache. */
export function thresholdAlerts(thresholds: DataStoreThresholds, resources: DataStoreResources): ThresholdAlert[] {
  const db = '{{ $labels.dimension_DBInstanceIdentifier }}';
  const node = '{{ $labels.dimension_CacheClusterId }}';
  const connections = Math.floor((resources.maxConnections * thresholds.databaseConnectionsPercent) / 100);
  return [
    {
      alert: 'DatabaseConnectionsHigh',
      metric: DATABASE_METRICS.connections,
      op: '>',
      threshold: connections,
      forMinutes: 10,
      severity: Severity.WARNING,
      summary: `Database ${db} uses more than ${formatNumber(thresholds.databaseConnectionsPercent)}% of its connections`,
      description: `${db} has {{ $value }} connections, above ${connections} (${formatNumber(thresholds.databaseConnectionsPercent)}% of max_connections ${resources.maxConnections}) for 10 minutes; new connections fail at ${resources.maxConnections}. Look for connection pools that grew (replicas times pool size) or leaked connections.`,
    },
    {
      alert: 'DatabaseCpuHigh',
      metric: DATABASE_METRICS.cpu,
      op: '>',
      threshold: thresholds.databaseCpuPercent,
      forMinutes: 15,
      severity: Severity.WARNING,
      summary: `Database ${db}: CPU above ${formatNumber(thresholds.databaseCpuPercent)}%`,
      description: `${db} has used {{ $value | humanize }}% CPU for 15 minutes. Check Performance Insights for the top queries, then indexes or a larger instance class.`,
    },
    {
      alert: 'DatabaseFreeStorageLow',
      metric: DATABASE_METRICS.freeStorage,
      op: '<',
      threshold: thresholds.databaseFreeStorageGi * GIB,
      forMinutes: 10,
      severity: Severity.CRITICAL,
      summary: `Database ${db} has less than ${formatNumber(thresholds.databaseFreeStorageGi)} GiB free storage`,
      description: `${db} has {{ $value | humanize1024 }}B of free storage for 10 minutes; PostgreSQL stops when it is full. Storage autoscaling grows it at most every 6 hours and never above its maximum: raise the maximum or free space now.`,
    },
    {
      alert: 'DatabaseReplicaLagHigh',
      metric: DATABASE_METRICS.replicaLag,
      op: '>',
      threshold: thresholds.replicaLagSeconds,
      forMinutes: 10,
      severity: Severity.WARNING,
      summary: `Database replica ${db} lags more than ${formatNumber(thresholds.replicaLagSeconds)} s`,
      description: `Read replica ${db} has been {{ $value | humanizeDuration }} behind its primary for 10 minutes: reads from it are stale, and a failover to it would lose that much.`,
    },
    {
      alert: 'CacheEvictionsHigh',
      metric: CACHE_METRICS.evictions,
      op: '>',
      threshold: thresholds.cacheEvictionsPerMinute,
      forMinutes: 15,
      severity: Severity.WARNING,
      summary: `Cache ${node} evicts more than ${formatNumber(thresholds.cacheEvictionsPerMinute)} keys a minute`,
      description: `${node} has evicted {{ $value }} keys a minute for 15 minutes: it is full, so entries disappear before their TTL and the database takes their load. Use a larger node type or shorter TTLs.`,
    },
    {
      alert: 'CacheMemoryHigh',
      metric: CACHE_METRICS.memory,
      op: '>',
      threshold: thresholds.cacheMemoryPercent,
      forMinutes: 15,
      severity: Severity.WARNING,
      summary: `Cache ${node}: memory above ${formatNumber(thresholds.cacheMemoryPercent)}% of maxmemory`,
      description: `${node} has used {{ $value | humanize }}% of its maxmemory for 15 minutes; at 100% it evicts keys (or refuses writes).`,
    },
    {
      alert: 'CacheCpuHigh',
      metric: CACHE_METRICS.engineCpu,
      op: '>',
      threshold: thresholds.cacheCpuPercent,
      forMinutes: 15,
      severity: Severity.WARNING,
      summary: `Cache ${node}: engine CPU above ${formatNumber(thresholds.cacheCpuPercent)}%`,
      description: `The engine thread of ${node} has been {{ $value | humanize }}% busy for 15 minutes; commands queue behind it. Look for expensive commands (KEYS, large sorted sets) or scale out.`,
    },
    {
      alert: 'CacheReplicationLagHigh',
      metric: CACHE_METRICS.replicationLag,
      op: '>',
      threshold: thresholds.replicaLagSeconds,
      forMinutes: 10,
      severity: Severity.WARNING,
      summary: `Cache replica ${node} lags more than ${formatNumber(thresholds.replicaLagSeconds)} s`,
      description: `Replica ${node} has been {{ $value | humanizeDuration }} behind its primary for 10 minutes; a failover to it would lose those writes.`,
    },
  ];
}

/** The absence alerts: no CloudWatch series of the database or the cache reach Prometheus. */
export const ABSENCE_FOR_MINUTES = 30;

function labels(severity: Severity): Record<string, string> {
  return { severity, team: PLATFORM_TEAM, namespace: CLOUDWATCH_NAMESPACE };
}

function thresholdRule(alert: ThresholdAlert, resources: DataStoreResources): AlertingRule {
  const dimension = `dimension_${RESOURCE_DIMENSIONS[alert.metric.service]}`;
  const aggregate = alert.op === '>' ? 'max' : 'min';
  return {
    alert: alert.alert,
    expr: `${aggregate} by (${dimension}) (${dataStoreSeries(alert.metric, resources)}) ${alert.op} ${formatNumber(alert.threshold)}`,
    for: `${alert.forMinutes}m`,
    labels: labels(alert.severity),
    annotations: { summary: alert.summary, description: alert.description, runbook_url: runbookUrl(alert.alert) },
  };
}

function absenceRule(
  alert: string,
  metric: CloudWatchMetric,
  what: string,
  resources: DataStoreResources,
): AlertingRule {
  return {
    alert,
    expr: `absent(${dataStoreSeries(metric, resources)})`,
    for: `${ABSENCE_FOR_MINUTES}m`,
    labels: labels(Severity.WARNING),
    annotations: {
      summary: `No CloudWatch metrics of the ${what} reach Prometheus`,
      description: `For ${ABSENCE_FOR_MINUTES} minutes Prometheus has had no ${seriesName(metric)} of the ${what}, so none of its alerts can fire. Check the cloudwatch-exporter pod's log (AccessDenied: its Pod Identity role), its target in Prometheus, and that the resource exists and carries the cluster tag.`,
      runbook_url: runbookUrl(alert),
    },
  };
}

/** The rule group of the cluster's database and cache: threshold alerts, and an alert when their metrics vanish. */
export function dataStoreRuleGroup(cluster: AwsClusterDefinition, settings: CloudWatchSettings): RuleGroup {
  const resources = dataStoreResources(cluster);
  const thresholds = dataStoreThresholds(settings);
  return {
    name: 'data-stores',
    rules: [
      ...thresholdAlerts(thresholds, resources).map((alert) => thresholdRule(alert, resources)),
      absenceRule(
        'DatabaseMetricsAbsent',
        DATABASE_METRICS.connections,
        `database ${databaseIdentifier(cluster)}`,
        resources,
      ),
      absenceRule('CacheMetricsAbsent', CACHE_METRICS.memory, `cache ${cacheReplicationGroupId(cluster)}`, resources),
    ],
  };
}
