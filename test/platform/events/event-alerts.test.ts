import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AppSpec } from '../../../lib/model/app-spec';
import type { EventsSettings } from '../../../lib/model/platform-settings';
import { REPO_ROOT } from '../../support/repo-copy';
import { requireToolInCi, runToolAsync, toolVersion } from '../../support/prom-tools';
import { field, productionCluster, render, webService, worker } from '../fixtures';

/**
 * The event bus's alerts under `promtool test rules`: Kafka Exporter series for a healthy stretch, then a fault,
 * and which alerts fire when. The rules are the events unit's PrometheusRule as synth renders it for a
 * three-broker cluster (annotations left out: text for humans that promtool would compare too).
 */

const BUS: EventsSettings = {
  brokers: 3,
  controllers: 3,
  brokerStorageGi: 100,
  replicationFactor: 3,
  minInsyncReplicas: 2,
};
const SPECS: AppSpec[] = [
  webService({
    events: {
      produces: [
        { name: 'orders.created', schema: 'schemas/o.avsc' },
        { name: 'audit', schema: 'schemas/a.avsc' },
      ],
    },
  }),
  worker({ events: { consumes: [{ topic: 'orders.created' }], consumerGroup: 'notifications', maxConsumerLag: 500 } }),
];

function ruleGroups(): unknown {
  const definition = productionCluster();
  const rule = render({ ...definition, platform: { ...definition.platform, events: BUS } }, SPECS).object(
    'events/prometheusrule-events.yaml',
  );
  return (field(rule, 'spec.groups') as { rules: Record<string, unknown>[] }[]).map((group) => ({
    ...group,
    rules: group.rules.map(({ annotations: _annotations, ...rule }) => rule),
  }));
}

const E = 'namespace="kafka"';

describe('event bus alerts', () => {
  it('each links its section of docs/runbooks.md', () => {
    const definition = productionCluster();
    const rule = render({ ...definition, platform: { ...definition.platform, events: BUS } }, SPECS).object(
      'events/prometheusrule-events.yaml',
    );
    const alerts = (
      field(rule, 'spec.groups') as { rules: { alert: string; annotations: { runbook_url: string } }[] }[]
    ).flatMap((group) => group.rules);
    const headings = readFileSync(join(REPO_ROOT, 'docs', 'runbooks.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3).toLowerCase());
    expect(alerts.length).toBeGreaterThan(0);
    for (const { alert, annotations } of alerts) {
      expect(annotations.runbook_url).toMatch(new RegExp(`/docs/runbooks\\.md#${alert.toLowerCase()}$`));
      expect(headings).toContain(alert.toLowerCase());
    }
  });
});
const held = (...segments: [value: number, minutes: number][]): string =>
  segments.map(([value, minutes]) => `${value === 0 ? '0.0' : value}x${minutes - 1}`).join(' ');

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `event bus alerts under promtool test rules (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    it('fires each alert after its hold time, with its owner, and not for healthy or undeclared series', async () => {
      const team = { team: 'platform', namespace: 'kafka' };
      const tests = [
        {
          name: 'consumer lag of the declared group and topic, owned by the consuming app',
          input_series: [
            {
              series: `kafka_consumergroup_lag{${E},consumergroup="notifications",topic="orders.created",partition="0"}`,
              values: held([100, 20], [400, 30]),
            },
            {
              series: `kafka_consumergroup_lag{${E},consumergroup="notifications",topic="orders.created",partition="1"}`,
              values: held([100, 20], [400, 30]),
            },
            // A group and a topic no declaration names: no alert, however far behind.
            {
              series: `kafka_consumergroup_lag{${E},consumergroup="adhoc",topic="orders.created",partition="0"}`,
              values: held([99999, 50]),
            },
            {
              series: `kafka_consumergroup_lag{${E},consumergroup="notifications",topic="audit",partition="0"}`,
              values: held([99999, 50]),
            },
            { series: `kafka_brokers{${E}}`, values: held([3, 50]) },
          ],
          alert_rule_test: [
            // 200 behind (sum of partitions) is under 500; at minute 20 it is 800, and fires 10 minutes later.
            { eval_time: '19m', alertname: 'KafkaConsumerLagHigh', exp_alerts: [] },
            { eval_time: '29m', alertname: 'KafkaConsumerLagHigh', exp_alerts: [] },
            {
              eval_time: '31m',
              alertname: 'KafkaConsumerLagHigh',
              exp_alerts: [
                {
                  exp_labels: {
                    severity: 'warning',
                    team: 'edge',
                    app: 'worker',
                    namespace: 'worker',
                    consumergroup: 'notifications',
                    topic: 'orders.created',
                  },
                },
              ],
            },
            { eval_time: '31m', alertname: 'KafkaExporterDown', exp_alerts: [] },
            { eval_time: '31m', alertname: 'KafkaBrokersMissing', exp_alerts: [] },
          ],
        },
        {
          name: 'broker and partition health',
          input_series: [
            { series: `kafka_brokers{${E}}`, values: held([3, 10], [2, 20]) },
            {
              series: `kafka_topic_partition_leader{${E},topic="orders.created",partition="0"}`,
              values: held([1, 10], [-1, 20]),
            },
            {
              series: `kafka_topic_partition_in_sync_replica{${E},topic="orders.created",partition="1"}`,
              values: held([3, 10], [1, 20]),
            },
            {
              series: `kafka_topic_partition_under_replicated_partition{${E},topic="orders.created",partition="1"}`,
              values: held([0, 10], [1, 20]),
            },
          ],
          alert_rule_test: [
            { eval_time: '9m', alertname: 'KafkaBrokersMissing', exp_alerts: [] },
            {
              eval_time: '16m',
              alertname: 'KafkaBrokersMissing',
              exp_alerts: [{ exp_labels: { severity: 'critical', ...team } }],
            },
            {
              eval_time: '12m',
              alertname: 'KafkaOfflinePartitions',
              exp_alerts: [{ exp_labels: { severity: 'critical', ...team, topic: 'orders.created' } }],
            },
            { eval_time: '14m', alertname: 'KafkaPartitionsUnderMinIsr', exp_alerts: [] },
            {
              eval_time: '16m',
              alertname: 'KafkaPartitionsUnderMinIsr',
              exp_alerts: [{ exp_labels: { severity: 'critical', ...team, topic: 'orders.created' } }],
            },
            { eval_time: '24m', alertname: 'KafkaUnderReplicatedPartitions', exp_alerts: [] },
            {
              eval_time: '26m',
              alertname: 'KafkaUnderReplicatedPartitions',
              exp_alerts: [{ exp_labels: { severity: 'warning', ...team, topic: 'orders.created' } }],
            },
          ],
        },
        {
          name: 'Kafka Exporter gone',
          input_series: [{ series: `kafka_brokers{${E}}`, values: `${held([3, 5])} _x30` }],
          alert_rule_test: [
            { eval_time: '12m', alertname: 'KafkaExporterDown', exp_alerts: [] },
            {
              eval_time: '22m',
              alertname: 'KafkaExporterDown',
              exp_alerts: [{ exp_labels: { severity: 'warning', ...team } }],
            },
          ],
        },
      ].map((test) => ({ interval: '1m', ...test }));
      const result = await runToolAsync(promtool!, ['test', 'rules', 'tests.yaml'], {
        'rules.yaml': stringify({ groups: ruleGroups() }),
        'tests.yaml': stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
      });
      expect(result.output, result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('the rules pass promtool check rules', async () => {
      const result = await runToolAsync(promtool!, ['check', 'rules', 'rules.yaml'], {
        'rules.yaml': stringify({ groups: ruleGroups() }),
      });
      expect(result.output).toContain('SUCCESS');
    });
  },
);
