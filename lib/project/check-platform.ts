import {
  CapacityType,
  HeartbeatProvider,
  NodePool,
  type NodesSettings,
  type LoggingSettings,
  LokiMode,
  type PlatformChart,
  type PlatformSettings,
} from '../model/platform-settings';
import { alertsProblems, type FieldProblem } from './check-app';
import { positiveIntegerProblem } from './rules';
import { eventsSettingsProblems } from './check-event-bus';

const SECTIONS = ['monitoring', 'logging', 'externalSecrets', 'ingress', 'events', 'nodes', 'chartVersions'];
const CHARTS: readonly PlatformChart[] = [
  'kube-prometheus-stack',
  'loki',
  'alloy',
  'external-secrets',
  'aws-load-balancer-controller',
  'external-dns',
  'karpenter',
  'metrics-server',
  'cert-manager',
  'strimzi-kafka-operator',
];
// cert-manager's chart versions carry the tag's `v`.
const CHART_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Distributed Loki replicates every stream to 3 ingesters, one per zone. */
const DISTRIBUTED_LOKI_MIN_REPLICAS = 3;

/** What is wrong with `platform.logging`, as [field under `logging`, problem]. */
function loggingProblems(logging: LoggingSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  const modes: readonly string[] = Object.values(LokiMode);
  if (!modes.includes(logging.lokiMode)) {
    problems.push([
      'lokiMode',
      `${JSON.stringify(logging.lokiMode)} is not a Loki mode; use LokiMode.MONOLITHIC or LokiMode.DISTRIBUTED (${modes.map((mode) => `"${mode}"`).join(', ')})`,
    ]);
  }
  const replicas = positiveIntegerProblem(logging.lokiReplicas);
  problems.push(['lokiReplicas', replicas]);
  if (
    replicas === undefined &&
    logging.lokiMode === LokiMode.DISTRIBUTED &&
    logging.lokiReplicas < DISTRIBUTED_LOKI_MIN_REPLICAS
  ) {
    problems.push([
      'lokiReplicas',
      `distributed Loki needs at least ${DISTRIBUTED_LOKI_MIN_REPLICAS} replicas (replication factor 3, one ingester per zone), got ${logging.lokiReplicas}; use LokiMode.MONOLITHIC for a smaller Loki`,
    ]);
  }
  if (logging.retentionDays !== undefined) {
    problems.push(['retentionDays', positiveIntegerProblem(logging.retentionDays)]);
  }
  if (logging.lokiChunksCacheMi !== undefined) {
    problems.push(['lokiChunksCacheMi', positiveIntegerProblem(logging.lokiChunksCacheMi)]);
    if (logging.lokiMode === LokiMode.MONOLITHIC) {
      problems.push([
        'lokiChunksCacheMi',
        'only the distributed mode runs a chunks cache; remove it or use LokiMode.DISTRIBUTED',
      ]);
    }
  }
  return problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

const NODES_KEYS = ['generalCapacity', 'limits', 'consolidateAfterMinutes', 'amiVersion', 'expireAfterHours'];
const LIMIT_KEYS = ['cpu', 'memoryGi'];

/** What is wrong with `platform.nodes`, as [field under `nodes`, problem]. */
function nodesProblems(nodes: NodesSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  for (const key of Object.keys(nodes)) {
    if (!NODES_KEYS.includes(key)) problems.push([key, `unknown field; known fields: ${NODES_KEYS.join(', ')}`]);
  }
  const capacities: readonly string[] = Object.values(CapacityType);
  if (nodes.generalCapacity !== undefined && !capacities.includes(nodes.generalCapacity)) {
    problems.push([
      'generalCapacity',
      `${JSON.stringify(nodes.generalCapacity)} is not a capacity type; use CapacityType.ON_DEMAND or CapacityType.SPOT (${capacities.map((value) => `"${value}"`).join(', ')})`,
    ]);
  }
  const pools: readonly string[] = Object.values(NodePool);
  for (const [pool, limits] of Object.entries(nodes.limits ?? {})) {
    if (!pools.includes(pool)) {
      problems.push([`limits.${pool}`, `unknown node pool; known pools: ${pools.join(', ')}`]);
      continue;
    }
    for (const key of Object.keys(limits ?? {})) {
      if (!LIMIT_KEYS.includes(key)) {
        problems.push([`limits.${pool}.${key}`, `unknown field; known fields: ${LIMIT_KEYS.join(', ')}`]);
      }
    }
    if (limits?.cpu !== undefined) problems.push([`limits.${pool}.cpu`, positiveIntegerProblem(limits.cpu)]);
    if (limits?.memoryGi !== undefined)
      problems.push([`limits.${pool}.memoryGi`, positiveIntegerProblem(limits.memoryGi)]);
  }
  if (nodes.consolidateAfterMinutes !== undefined) {
    problems.push(['consolidateAfterMinutes', positiveIntegerProblem(nodes.consolidateAfterMinutes)]);
  }
  if (nodes.expireAfterHours !== undefined)
    problems.push(['expireAfterHours', positiveIntegerProblem(nodes.expireAfterHours)]);
  if (nodes.amiVersion !== undefined && !/^(latest|v\d{8})$/.test(String(nodes.amiVersion))) {
    problems.push([
      'amiVersion',
      `${JSON.stringify(nodes.amiVersion)} is not an AL2023 AMI version; use "latest" or a release such as "v20260801"`,
    ]);
  }
  return problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/** Everything that can be wrong with a cluster's `platform` settings; fields are relative to `platform`. */
export function platformProblems(platform: PlatformSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.push({ field: `platform.${field}`, problem });
  };
  const count = (field: string, value: unknown): void => add(field, positiveIntegerProblem(value));

  for (const key of Object.keys(platform)) {
    if (!SECTIONS.includes(key)) add(key, `unknown field; known fields: ${SECTIONS.join(', ')}`);
  }
  const { monitoring, logging, externalSecrets, ingress, nodes, chartVersions } = platform;
  if (monitoring !== undefined) {
    count('monitoring.prometheusReplicas', monitoring.prometheusReplicas);
    count('monitoring.prometheusRetentionDays', monitoring.prometheusRetentionDays);
    count('monitoring.prometheusStorageGi', monitoring.prometheusStorageGi);
    count('monitoring.alertmanagerReplicas', monitoring.alertmanagerReplicas);
    count('monitoring.grafanaReplicas', monitoring.grafanaReplicas);
    for (const { field, problem } of alertsProblems(monitoring.alertDefaults ?? {}))
      add(`monitoring.alertDefaults.${field}`, problem);
    if (monitoring.alertDefaults?.minRequestsPerSecond !== undefined) {
      add(
        'monitoring.alertDefaults.minRequestsPerSecond',
        'the expected request rate differs per app; set alerts.minRequestsPerSecond in the app (or in apps.<app>.alerts here)',
      );
    }
    const heartbeat = monitoring.alerting?.heartbeat;
    const providers: readonly string[] = Object.values(HeartbeatProvider);
    if (heartbeat !== undefined && !providers.includes(heartbeat.provider)) {
      add(
        'monitoring.alerting.heartbeat.provider',
        `${JSON.stringify(heartbeat.provider)} is not a heartbeat provider; use HeartbeatProvider.PAGERDUTY or HeartbeatProvider.HEALTHCHECKS`,
      );
    }
    const channel: unknown = monitoring.alerting?.slackChannel;
    if (typeof channel !== 'string' || !/^#[a-z0-9_-]+$/.test(channel)) {
      add(
        'monitoring.alerting.slackChannel',
        `${JSON.stringify(channel)} is not a Slack channel (for example "#alerts-staging")`,
      );
    }
  }
  if (monitoring !== undefined && externalSecrets === undefined) {
    add(
      'monitoring',
      'Alertmanager and Grafana read their credentials from AWS Secrets Manager through External Secrets; add platform.externalSecrets too',
    );
  }
  if (logging !== undefined) {
    for (const [field, problem] of loggingProblems(logging)) add(`logging.${field}`, problem);
  }
  if (externalSecrets !== undefined) {
    count('externalSecrets.replicas', externalSecrets.replicas);
    if (externalSecrets.refreshIntervalMinutes !== undefined) {
      count('externalSecrets.refreshIntervalMinutes', externalSecrets.refreshIntervalMinutes);
    }
  }
  if (ingress !== undefined) {
    count('ingress.controllerReplicas', ingress.controllerReplicas);
    const { certificateArn, wafAclArn } = ingress;
    if (
      certificateArn !== undefined &&
      !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(certificateArn)
    ) {
      add(
        'ingress.certificateArn',
        `"${certificateArn}" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`,
      );
    }
    if (
      wafAclArn !== undefined &&
      !/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/.test(wafAclArn)
    ) {
      add(
        'ingress.wafAclArn',
        `"${wafAclArn}" is not a regional WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`,
      );
    }
  }
  if (nodes !== undefined) {
    for (const [field, problem] of nodesProblems(nodes)) add(`nodes.${field}`, problem);
  }
  if (platform.events !== undefined) {
    for (const [field, problem] of eventsSettingsProblems(platform.events)) add(`events.${field}`, problem);
    if (externalSecrets === undefined) {
      add(
        'events',
        "apps' Kafka credentials reach their namespaces through External Secrets; add platform.externalSecrets too",
      );
    }
  }
  for (const [chart, version] of Object.entries(chartVersions ?? {})) {
    if (!(CHARTS as string[]).includes(chart)) {
      add(`chartVersions.${chart}`, `unknown chart; known charts: ${CHARTS.join(', ')}`);
    } else if (typeof version !== 'string' || !CHART_VERSION.test(version)) {
      add(
        `chartVersions.${chart}`,
        `${JSON.stringify(version)} is not an exact chart version (for example "1.2.3"); ranges are not allowed`,
      );
    }
  }
  return problems;
}
