import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { cacheReplicationGroupId, databaseIdentifier } from '../../lib/naming';
import { dashboardJson, type GrafanaDashboard } from '../monitoring/dashboard';
import { CACHE_METRICS, type CloudWatchMetric, DATABASE_METRICS, RESOURCE_DIMENSIONS } from './cloudwatch-metrics';
import { dataStoreResources, dataStoreSeries } from './data-store-alerts';

/**
 * The database and cache dashboard: RDS connections against max_connections, CPU, free storage and memory,
 * replica lag and I/O latency; ElastiCache memory, engine CPU, evictions, connections, replication lag and hit
 * rate, one line per database instance or cache node. Every query selects the cluster's own resources, the
 * same way the alerts do.
 */
export function dataStoreDashboard(cluster: AwsClusterDefinition): GrafanaDashboard {
  const resources = dataStoreResources(cluster);
  const line = (metric: CloudWatchMetric, scale = ''): readonly [string, string] => {
    const dimension = `dimension_${RESOURCE_DIMENSIONS[metric.service]}`;
    return [`max by (${dimension}) (${dataStoreSeries(metric, resources)})${scale}`, `{{${dimension}}}`];
  };
  return dashboardJson(
    `data-stores-${cluster.name}`.slice(0, 40),
    `Database and cache (${cluster.name})`,
    ['database', 'cache'],
    [
      {
        title: `Database ${databaseIdentifier(cluster)} (RDS PostgreSQL)`,
        panels: [
          {
            title: 'Connections and max_connections',
            unit: 'short',
            queries: [line(DATABASE_METRICS.connections), [`vector(${resources.maxConnections})`, 'max_connections']],
          },
          { title: 'CPU', unit: 'percent', queries: [line(DATABASE_METRICS.cpu)] },
          { title: 'Free storage', unit: 'bytes', queries: [line(DATABASE_METRICS.freeStorage)] },
          { title: 'Freeable memory', unit: 'bytes', queries: [line(DATABASE_METRICS.freeableMemory)] },
          { title: 'Replica lag', unit: 's', queries: [line(DATABASE_METRICS.replicaLag)] },
          {
            title: 'Read and write latency',
            unit: 's',
            queries: [
              [line(DATABASE_METRICS.readLatency)[0], 'read {{dimension_DBInstanceIdentifier}}'],
              [line(DATABASE_METRICS.writeLatency)[0], 'write {{dimension_DBInstanceIdentifier}}'],
            ],
          },
        ],
      },
      {
        title: `Cache ${cacheReplicationGroupId(cluster)} (ElastiCache)`,
        panels: [
          { title: 'Memory (share of maxmemory)', unit: 'percent', queries: [line(CACHE_METRICS.memory)] },
          { title: 'Engine CPU', unit: 'percent', queries: [line(CACHE_METRICS.engineCpu)] },
          { title: 'Evictions per minute', unit: 'short', queries: [line(CACHE_METRICS.evictions)] },
          { title: 'Connections', unit: 'short', queries: [line(CACHE_METRICS.connections)] },
          { title: 'Replication lag', unit: 's', queries: [line(CACHE_METRICS.replicationLag)] },
          { title: 'Hit rate', unit: 'percent', queries: [line(CACHE_METRICS.hitRate)] },
        ],
      },
    ],
  );
}
