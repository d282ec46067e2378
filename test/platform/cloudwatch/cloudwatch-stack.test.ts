import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { DEFAULTS } from '../../../lib/model/defaults';
import {
  cacheReplicationGroupId,
  CLUSTER_TAG,
  databaseIdentifier,
  databaseMaxConnections,
  platformServiceAccount,
} from '../../../lib/naming';
import { seriesName } from '../../../platform/cloudwatch/cloudwatch-metrics';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function withCloudWatch(definition: ClusterDefinition, cloudwatch: object = {}): ClusterDefinition {
  return { ...definition, platform: { ...definition.platform, cloudwatch } };
}

type Rule = { alert: string; expr: string; for: string; labels: Record<string, string> };

function rules(definition: ClusterDefinition): Rule[] {
  const rule = render(definition, []).object('cloudwatch/prometheusrule-data-stores.yaml');
  return (field(rule, 'spec.groups') as { rules: Rule[] }[]).flatMap((group) => group.rules);
}

describe('CloudWatch (YACE) unit', () => {
  it('is rendered only where platform.cloudwatch is set', () => {
    expect(render(stagingCluster(), []).paths.filter((path) => path.startsWith('cloudwatch/'))).toEqual([]);
    const paths = render(withCloudWatch(stagingCluster()), []).paths.filter((path) => path.startsWith('cloudwatch/'));
    expect([...paths].sort()).toEqual([
      'cloudwatch/application-helm-cloudwatch-exporter.yaml',
      'cloudwatch/configmap-data-stores-dashboard.yaml',
      'cloudwatch/prometheusrule-data-stores.yaml',
    ]);
  });

  it.each([stagingCluster(), productionCluster()])(
    'discovers only the RDS and ElastiCache resources tagged for $name, in its region',
    (definition) => {
      const application = render(withCloudWatch(definition), []).object(
        'cloudwatch/application-helm-cloudwatch-exporter.yaml',
      );
      const values = field(application, 'spec.source.helm.valuesObject') as Record<string, unknown>;
      const config = parse(values.config as string) as {
        apiVersion: string;
        discovery: {
          jobs: { type: string; regions: string[]; searchTags: unknown; dimensionNameRequirements: string[] }[];
        };
      };
      expect(config.apiVersion).toBe('v1alpha1');
      expect(
        config.discovery.jobs.map((job) => [job.type, job.regions, job.searchTags, job.dimensionNameRequirements]),
      ).toEqual([
        [
          'AWS/RDS',
          [definition.awsRegion],
          [{ key: CLUSTER_TAG, value: `^${definition.name}$` }],
          ['DBInstanceIdentifier'],
        ],
        [
          'AWS/ElastiCache',
          [definition.awsRegion],
          [{ key: CLUSTER_TAG, value: `^${definition.name}$` }],
          ['CacheClusterId'],
        ],
      ]);
      expect(Object.keys(config).sort()).toEqual(['apiVersion', 'discovery']);
    },
  );

  it('runs YACE as the Pod Identity service account, PSS restricted, scraped by a ServiceMonitor', () => {
    const application = render(withCloudWatch(stagingCluster(), { scrapeIntervalSeconds: 120 }), []).object(
      'cloudwatch/application-helm-cloudwatch-exporter.yaml',
    );
    const { namespace, serviceAccount } = platformServiceAccount('cloudwatch-exporter');
    expect(field(application, 'spec.destination.namespace')).toBe(namespace);
    const values = field(application, 'spec.source.helm.valuesObject') as Record<string, unknown>;
    expect(values).toMatchObject({
      serviceAccount: { create: true, name: serviceAccount, automountServiceAccountToken: false },
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      serviceMonitor: { enabled: true },
      extraArgs: { 'scraping-interval': 120 },
    });
    // Pod Identity, not IRSA or keys: the chart's AWS settings stay unset.
    expect(values.aws).toBeUndefined();
    expect(JSON.stringify(values)).not.toContain('eks.amazonaws.com/role-arn');
  });

  it('alerts on the cluster database and cache by name, with the default thresholds', () => {
    const definition = withCloudWatch(stagingCluster());
    const all = rules(definition);
    const max = databaseMaxConnections(definition.environment);
    const byName = Object.fromEntries(all.map((rule) => [rule.alert, rule]));
    expect(byName.DatabaseConnectionsHigh!.expr).toBe(
      `max by (dimension_DBInstanceIdentifier) (aws_rds_database_connections_maximum{dimension_DBInstanceIdentifier=~"${databaseIdentifier(definition)}(-.+)?"}) > ${Math.floor((max * DEFAULTS.dataStoreAlerts.databaseConnectionsPercent) / 100)}`,
    );
    expect(byName.CacheEvictionsHigh!.expr).toBe(
      `max by (dimension_CacheClusterId) (aws_elasticache_evictions_sum{dimension_CacheClusterId=~"${cacheReplicationGroupId(definition)}-[0-9]+"}) > ${DEFAULTS.dataStoreAlerts.cacheEvictionsPerMinute}`,
    );
    expect(byName.DatabaseFreeStorageLow!.expr).toContain(
      `< ${DEFAULTS.dataStoreAlerts.databaseFreeStorageGi * 2 ** 30}`,
    );
    expect(byName.DatabaseMetricsAbsent!.expr).toBe(
      `absent(aws_rds_database_connections_maximum{dimension_DBInstanceIdentifier=~"${databaseIdentifier(definition)}(-.+)?"})`,
    );
    expect(all.map((rule) => rule.alert)).toEqual([
      'DatabaseConnectionsHigh',
      'DatabaseCpuHigh',
      'DatabaseFreeStorageLow',
      'DatabaseReplicaLagHigh',
      'CacheEvictionsHigh',
      'CacheMemoryHigh',
      'CacheCpuHigh',
      'CacheReplicationLagHigh',
      'DatabaseMetricsAbsent',
      'CacheMetricsAbsent',
    ]);
    for (const rule of all) {
      expect(rule.labels).toEqual({
        severity: rule.alert === 'DatabaseFreeStorageLow' ? 'critical' : 'warning',
        team: 'platform',
        namespace: platformServiceAccount('cloudwatch-exporter').namespace,
      });
    }
  });

  it("takes the cluster's thresholds over the defaults", () => {
    const definition = withCloudWatch(productionCluster(), {
      alerts: { databaseConnectionsPercent: 90, cacheMemoryPercent: 70, replicaLagSeconds: 30 },
    });
    const byName = Object.fromEntries(rules(definition).map((rule) => [rule.alert, rule.expr]));
    expect(byName.DatabaseConnectionsHigh).toMatch(
      new RegExp(` > ${Math.floor(databaseMaxConnections(definition.environment) * 0.9)}$`),
    );
    expect(byName.CacheMemoryHigh).toMatch(/ > 70$/);
    expect(byName.DatabaseReplicaLagHigh).toMatch(/ > 30$/);
    expect(byName.CacheReplicationLagHigh).toMatch(/ > 30$/);
    expect(byName.DatabaseCpuHigh).toMatch(new RegExp(` > ${DEFAULTS.dataStoreAlerts.databaseCpuPercent}$`));
  });

  it('has a database and cache dashboard whose queries read the series YACE exports for the cluster', () => {
    const definition = withCloudWatch(stagingCluster());
    const map = render(definition, []).object('cloudwatch/configmap-data-stores-dashboard.yaml');
    expect(field(map, 'metadata.labels.grafana_dashboard')).toBe('1');
    expect(field(map, 'metadata.annotations.grafana_folder')).toBe('platform');
    const dashboard = JSON.parse((map.data as Record<string, string>)['data-stores.json'] as string) as {
      uid: string;
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe(`data-stores-${definition.name}`);
    const rows = dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows).toEqual([
      `Database ${databaseIdentifier(definition)} (RDS PostgreSQL)`,
      `Cache ${cacheReplicationGroupId(definition)} (ElastiCache)`,
    ]);
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    expect(exprs).toContain(`vector(${databaseMaxConnections(definition.environment)})`);
    for (const expr of exprs.filter((e) => !e.startsWith('vector'))) {
      expect(expr).toMatch(
        /^max by \(dimension_(DBInstanceIdentifier|CacheClusterId)\) \(aws_(rds|elasticache)_[a-z_]+\{/,
      );
    }
  });

  it('names series as YACE does (snake case, a word starts at a capital after a lower-case letter)', () => {
    expect(seriesName({ service: 'rds', name: 'CPUUtilization', statistic: 'Maximum' })).toBe(
      'aws_rds_cpuutilization_maximum',
    );
    expect(seriesName({ service: 'rds', name: 'FreeStorageSpace', statistic: 'Minimum' })).toBe(
      'aws_rds_free_storage_space_minimum',
    );
    expect(seriesName({ service: 'elasticache', name: 'EngineCPUUtilization', statistic: 'Maximum' })).toBe(
      'aws_elasticache_engine_cpuutilization_maximum',
    );
    expect(seriesName({ service: 'elasticache', name: 'DatabaseMemoryUsagePercentage', statistic: 'Maximum' })).toBe(
      'aws_elasticache_database_memory_usage_percentage_maximum',
    );
  });
});
