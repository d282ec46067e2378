import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AwsClusterDefinition } from '../../../lib/model/cluster';
import { cacheReplicationGroupId, databaseIdentifier } from '../../../lib/naming';
import {
  CACHE_METRICS,
  type CloudWatchMetric,
  DATABASE_METRICS,
  RESOURCE_DIMENSIONS,
  seriesName,
} from '../../../platform/cloudwatch/cloudwatch-metrics';
import {
  ABSENCE_FOR_MINUTES,
  CLOUDWATCH_NAMESPACE,
  dataStoreResources,
  dataStoreThresholds,
  thresholdAlerts,
} from '../../../platform/cloudwatch/data-store-alerts';
import { field, productionCluster, render, stagingCluster } from '../fixtures';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';

/**
 * The data store rules under `promtool test rules`, generated from the same table the rules are (thresholdAlerts):
 * for every alert, a healthy value stays silent, a value past the threshold fires once its `for` has passed and
 * not before, and the same value on a resource of another cluster (or team) never fires. The absence alerts fire
 * when the exporter's series stop.
 */

const cloudwatch = {
  scrapeIntervalSeconds: 300,
  alerts: { databaseConnectionsPercent: 75, cacheEvictionsPerMinute: 25 },
};
const clusters: AwsClusterDefinition[] = [stagingCluster(), productionCluster()].map((definition) => ({
  ...definition,
  platform: { ...definition.platform, cloudwatch },
}));

/** The rule groups synth writes for the cluster, without annotations (text for humans; promtool would compare them). */
function ruleGroups(definition: AwsClusterDefinition): unknown[] {
  const rule = render(definition, []).object('cloudwatch/prometheusrule-data-stores.yaml');
  return (field(rule, 'spec.groups') as { rules: Record<string, unknown>[] }[]).map((group) => ({
    ...group,
    rules: group.rules.map(({ annotations: _annotations, ...rest }) => rest),
  }));
}

/** A resource of the cluster (the database itself, the cache's first member) and one of somebody else. */
function resourceIds(definition: AwsClusterDefinition, metric: CloudWatchMetric): { own: string; foreign: string } {
  return metric.service === 'rds'
    ? { own: databaseIdentifier(definition), foreign: 'billing-postgres' }
    : { own: `${cacheReplicationGroupId(definition)}-001`, foreign: 'billing-cache-001' };
}

function series(metric: CloudWatchMetric, id: string, values: string): { series: string; values: string } {
  return {
    series: `${seriesName(metric)}{dimension_${RESOURCE_DIMENSIONS[metric.service]}="${id}",region="eu-west-1"}`,
    values,
  };
}

/** promtool's notation for `value` held `minutes` minutes. */
const hold = (value: number, minutes: number): string => `${value === 0 ? '0.0' : String(value)}x${minutes - 1}`;

const HEALTHY_MINUTES = 30;

function thresholdTests(definition: AwsClusterDefinition): unknown[] {
  const alerts = thresholdAlerts(dataStoreThresholds(cloudwatch), dataStoreResources(definition));
  return alerts.map((alert) => {
    const healthy = alert.op === '>' ? alert.threshold / 2 : alert.threshold * 2;
    const breach = alert.op === '>' ? alert.threshold * 1.5 : alert.threshold / 2;
    const { own, foreign } = resourceIds(definition, alert.metric);
    const minutes = HEALTHY_MINUTES + alert.forMinutes + 10;
    const firing = {
      exp_labels: {
        severity: alert.severity,
        team: 'platform',
        namespace: CLOUDWATCH_NAMESPACE,
        [`dimension_${RESOURCE_DIMENSIONS[alert.metric.service]}`]: own,
      },
    };
    return {
      name: `${definition.name} ${alert.alert}`,
      interval: '1m',
      input_series: [
        series(alert.metric, own, `${hold(healthy, HEALTHY_MINUTES)} ${hold(breach, minutes - HEALTHY_MINUTES)}`),
        // Another team's resource past the threshold all along: not this cluster's, never alerted on.
        series(alert.metric, foreign, hold(breach, minutes)),
      ],
      alert_rule_test: [
        { eval_time: `${HEALTHY_MINUTES - 5}m`, alertname: alert.alert, exp_alerts: [] },
        { eval_time: `${HEALTHY_MINUTES + alert.forMinutes - 2}m`, alertname: alert.alert, exp_alerts: [] },
        { eval_time: `${HEALTHY_MINUTES + alert.forMinutes + 2}m`, alertname: alert.alert, exp_alerts: [firing] },
      ],
    };
  });
}

function absenceTests(definition: AwsClusterDefinition): unknown[] {
  const cases: [string, CloudWatchMetric][] = [
    ['DatabaseMetricsAbsent', DATABASE_METRICS.connections],
    ['CacheMetricsAbsent', CACHE_METRICS.memory],
  ];
  // Series until minute 20; Prometheus drops them 5 minutes after the last sample, then `for` runs.
  const stop = 20;
  const gone = stop + 5 + ABSENCE_FOR_MINUTES;
  return cases.map(([alert, metric]) => {
    const { own, foreign } = resourceIds(definition, metric);
    return {
      name: `${definition.name} ${alert}`,
      interval: '1m',
      input_series: [
        series(metric, own, `${hold(10, stop)} _x${gone + 10 - stop}`),
        // Another resource's series do not count as this cluster's.
        series(metric, foreign, hold(10, gone + 10)),
      ],
      alert_rule_test: [
        { eval_time: `${stop - 5}m`, alertname: alert, exp_alerts: [] },
        { eval_time: `${gone - 3}m`, alertname: alert, exp_alerts: [] },
        {
          eval_time: `${gone + 3}m`,
          alertname: alert,
          exp_alerts: [{ exp_labels: { severity: 'warning', team: 'platform', namespace: CLOUDWATCH_NAMESPACE } }],
        },
      ],
    };
  });
}

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `data store rules under promtool (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    it.each(clusters)('$name: promtool check rules accepts them', (definition) => {
      const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], {
        'rules.yaml': stringify({ groups: ruleGroups(definition) }),
      });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it.each(clusters)(
      '$name: every threshold alert fires after its `for` past the threshold, only for the cluster resources; absence alerts fire when the series stop',
      (definition) => {
        const tests = [...thresholdTests(definition), ...absenceTests(definition)];
        const result = runTool(promtool!, ['test', 'rules', 'tests.yaml'], {
          'rules.yaml': stringify({ groups: ruleGroups(definition) }),
          'tests.yaml': stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
        });
        expect(result.output, result.output).toContain('SUCCESS');
        expect(result.status).toBe(0);
        // Every alert of the rule file was exercised.
        const groups = ruleGroups(definition) as { rules: { alert: string }[] }[];
        const names = groups.flatMap((group) => group.rules.map((rule) => rule.alert));
        expect(tests.map((test) => (test as { name: string }).name.split(' ')[1]).sort()).toEqual([...names].sort());
      },
    );
  },
);
