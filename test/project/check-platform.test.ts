import { describe, expect, it } from 'vitest';
import { productionCluster, resolveCluster, stagingCluster, webService } from '../platform/fixtures';
import type { AppSpec } from '../../lib/model/app-spec';
import type { AwsClusterDefinition, ClusterDefinition } from '../../lib/model/cluster';
import { LokiMode } from '../../lib/model/platform-settings';
import { problemsOf } from '../support/project';
import { CHARTS } from '../../lib/project/check-platform';

function problems(definition: ClusterDefinition, specs: AppSpec[] = []): string[] {
  return problemsOf(() => resolveCluster(definition, specs));
}

describe('platform settings checks', () => {
  it('reports bad platform settings with the file, cluster and field', () => {
    const cluster = stagingCluster();
    expect(
      problems({
        ...cluster,
        platform: {
          ...cluster.platform,
          monitoring: { ...cluster.platform!.monitoring!, prometheusReplicas: 0, alerting: { slackChannel: 'alerts' } },
          ingress: { controllerReplicas: 1, certificateArn: 'arn:aws:iam::1:role/x' },
          chartVersions: { loki: '^6.0.0', grafana: '1.0.0' } as never,
        },
      }),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.monitoring.prometheusReplicas: 0 must be an integer of at least 1',
      'clusters/staging.ts: cluster "staging": platform.monitoring.alerting.slackChannel: "alerts" is not a Slack channel (for example "#alerts-staging")',
      'clusters/staging.ts: cluster "staging": platform.ingress.certificateArn: "arn:aws:iam::1:role/x" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
      'clusters/staging.ts: cluster "staging": platform.chartVersions.loki: "^6.0.0" is not an exact chart version (for example "1.2.3"); ranges are not allowed',
      `clusters/staging.ts: cluster "staging": platform.chartVersions.grafana: unknown chart; known charts: ${CHARTS.join(', ')}`,
    ]);
  });

  it('reports backup RPOs no cron schedule can keep, a bad retention and a region without a copy region', () => {
    const cluster = stagingCluster();
    const withBackup = (backup: unknown, overrides: Partial<AwsClusterDefinition> = {}) =>
      problems({ ...cluster, ...overrides, platform: { ...cluster.platform, backup: backup as never } });
    expect(
      withBackup({ resourcesRpoMinutes: 90, volumesRpoMinutes: 600, retentionDays: 0, restoreDrill: 'yes' }),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.backup.resourcesRpoMinutes: 90 minutes cannot be kept by a cron schedule: backups run every RPO/2 minutes, which must divide an hour (RPO 20, 30, 40, 60, 120) or be whole hours dividing a day (RPO 240, 360, 480, 720, 1440, 2880)',
      'clusters/staging.ts: cluster "staging": platform.backup.volumesRpoMinutes: 600 minutes cannot be kept by a cron schedule: backups run every RPO/2 minutes, which must divide an hour (RPO 20, 30, 40, 60, 120) or be whole hours dividing a day (RPO 240, 360, 480, 720, 1440, 2880)',
      'clusters/staging.ts: cluster "staging": platform.backup.retentionDays: 0 must be an integer of at least 1',
      'clusters/staging.ts: cluster "staging": platform.backup.restoreDrill: "yes" must be true or false',
    ]);
    expect(withBackup({ resourcesRpoMinutes: 120, volumesRpoMinutes: 2880 })).toEqual([]);
    expect(withBackup({}, { awsRegion: 'sa-east-1' })).toEqual([
      `clusters/staging.ts: cluster "staging": backupCopyRegion: platform.backup needs a region for Velero's bucket and sa-east-1 has no default pairing: set backupCopyRegion to a region other than sa-east-1`,
    ]);
    expect(withBackup({}, { awsRegion: 'sa-east-1', backupCopyRegion: 'us-east-1' })).toEqual([]);
  });

  it('reports a Loki mode or size the chart cannot run', () => {
    const cluster = stagingCluster();
    const withLogging = (logging: unknown) =>
      problems({ ...cluster, platform: { ...cluster.platform, logging: logging as never } });
    expect(withLogging({ lokiMode: 'SimpleScalable', lokiReplicas: 0 })).toEqual([
      'clusters/staging.ts: cluster "staging": platform.logging.lokiMode: "SimpleScalable" is not a Loki mode; use LokiMode.MONOLITHIC or LokiMode.DISTRIBUTED ("monolithic", "distributed")',
      'clusters/staging.ts: cluster "staging": platform.logging.lokiReplicas: 0 must be an integer of at least 1',
    ]);
    expect(withLogging({ lokiMode: LokiMode.DISTRIBUTED, lokiReplicas: 2 })).toEqual([
      'clusters/staging.ts: cluster "staging": platform.logging.lokiReplicas: distributed Loki needs at least 3 replicas (replication factor 3, one ingester per zone), got 2; use LokiMode.MONOLITHIC for a smaller Loki',
    ]);
    expect(withLogging({ lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1, lokiChunksCacheMi: 1024 })).toEqual([
      'clusters/staging.ts: cluster "staging": platform.logging.lokiChunksCacheMi: only the distributed mode runs a chunks cache; remove it or use LokiMode.DISTRIBUTED',
    ]);
  });

  it('reports CloudWatch settings YACE cannot run with, and CloudWatch without monitoring', () => {
    const cluster = stagingCluster();
    const withCloudWatch = (cloudwatch: unknown, withMonitoring = true) =>
      problems({
        ...cluster,
        platform: {
          ...cluster.platform,
          monitoring: withMonitoring ? cluster.platform!.monitoring : undefined,
          cloudwatch: cloudwatch as never,
        },
      });
    expect(
      withCloudWatch({
        scrapeIntervalSeconds: 30,
        alerts: { databaseCpuPercent: 120, cacheEvictionsPerMinute: 0, databaseConnections: 5 },
        interval: 1,
      }),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.cloudwatch.interval: unknown field; known fields: scrapeIntervalSeconds, alerts',
      'clusters/staging.ts: cluster "staging": platform.cloudwatch.scrapeIntervalSeconds: 30 must be a whole number of seconds, at least 60 (CloudWatch\'s RDS and ElastiCache metrics have one-minute resolution)',
      'clusters/staging.ts: cluster "staging": platform.cloudwatch.alerts.databaseCpuPercent: 120 is above 100%; the alert could never fire',
      'clusters/staging.ts: cluster "staging": platform.cloudwatch.alerts.cacheEvictionsPerMinute: 0 must be a positive number',
      'clusters/staging.ts: cluster "staging": platform.cloudwatch.alerts.databaseConnections: unknown field; known fields: databaseConnectionsPercent, databaseCpuPercent, databaseFreeStorageGi, replicaLagSeconds, cacheEvictionsPerMinute, cacheMemoryPercent, cacheCpuPercent',
    ]);
    expect(withCloudWatch({}, false)).toEqual([
      'clusters/staging.ts: cluster "staging": platform.cloudwatch: the database and cache metrics are scraped by Prometheus and alert through Alertmanager; add platform.monitoring too',
    ]);
    expect(withCloudWatch({ scrapeIntervalSeconds: 120, alerts: { databaseFreeStorageGi: 20 } })).toEqual([]);
  });

  it('needs External Secrets wherever monitoring runs', () => {
    const cluster = stagingCluster();
    expect(problems({ ...cluster, platform: { ...cluster.platform, externalSecrets: undefined } })).toEqual([
      'clusters/staging.ts: cluster "staging": platform.monitoring: Alertmanager and Grafana read their credentials from AWS Secrets Manager through External Secrets; add platform.externalSecrets too',
    ]);
  });

  it("requires a dead man's switch (alerting.heartbeat) in production", () => {
    const cluster = productionCluster();
    const monitoring = cluster.platform!.monitoring!;
    expect(
      problems({
        ...cluster,
        platform: {
          ...cluster.platform,
          monitoring: { ...monitoring, alerting: { slackChannel: '#alerts-production' } },
        },
      }),
    ).toEqual([
      'clusters/production.ts: cluster "production": platform.monitoring.alerting.heartbeat: production needs a dead man\'s switch: set heartbeat: { provider: HeartbeatProvider.PAGERDUTY } (or HEALTHCHECKS) and put its ping URL in the property heartbeat-url of the alertmanager secret',
    ]);
    expect(problems(stagingCluster())).toEqual([]);
  });

  it('reports bad alert thresholds in the cluster alertDefaults and in an app, with file and field', () => {
    const cluster = stagingCluster();
    const monitoring = cluster.platform!.monitoring!;
    expect(
      problems(
        {
          ...cluster,
          platform: {
            ...cluster.platform,
            monitoring: {
              ...monitoring,
              alertDefaults: { memoryLimitPercent: 120, latencyP95ms: 300, minRequestsPerSecond: 1 } as never,
              alerting: { ...monitoring.alerting, heartbeat: { provider: 'opsgenie' } as never },
            },
          },
        },
        [webService({ alerts: { errorsPerMinute: -1, unavailableForMinutes: 1.5 } })],
      ),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": alerts.errorsPerMinute: -1 must be a positive number',
      'apps/gateway/index.ts: app "gateway": alerts.unavailableForMinutes: 1.5 must be a whole number of minutes',
      'clusters/staging.ts: cluster "staging": platform.monitoring.alertDefaults.memoryLimitPercent: 120 is above 100%; the alert could never fire',
      'clusters/staging.ts: cluster "staging": platform.monitoring.alertDefaults.latencyP95ms: unknown field (did you mean "latencyP95Ms"?); known fields: minRequestsPerSecond, unavailableForMinutes, cpuRequestPercent, cpuLimitPercent, memoryLimitPercent, latencyP95Ms, errorsPerMinute, errorRatioPercent',
      'clusters/staging.ts: cluster "staging": platform.monitoring.alertDefaults.minRequestsPerSecond: the expected request rate differs per app; set alerts.minRequestsPerSecond in the app (or in apps.<app>.alerts here)',
      'clusters/staging.ts: cluster "staging": platform.monitoring.alerting.heartbeat.provider: "opsgenie" is not a heartbeat provider; use HeartbeatProvider.PAGERDUTY or HeartbeatProvider.HEALTHCHECKS',
    ]);
  });
});
