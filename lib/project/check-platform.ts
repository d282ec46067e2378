import {
  CapacityType,
  type CloudWatchSettings,
  type TracingSettings,
  HeartbeatProvider,
  NodePool,
  type NodesSettings,
  type LoggingSettings,
  LokiMode,
  type MeshSettings,
  type PlatformChart,
  type PlatformSettings,
} from '../model/platform-settings';
import { DEFAULTS } from '../model/defaults';
import { backupRpoProblem } from '../model/backup-schedule';
import { alertsProblems, type FieldProblem } from './check-app';
import { hostnameProblem, portNumberProblem, positiveIntegerProblem } from './rules';
import { eventsSettingsProblems } from './check-event-bus';

const SECTIONS = [
  'monitoring',
  'logging',
  'externalSecrets',
  'ingress',
  'cost',
  'backup',
  'rollouts',
  'mesh',
  'cloudwatch',
  'tracing',
  'events',
  'nodes',
  'chartVersions',
];
/** Every chart a cluster may pin in `platform.chartVersions`. */
export const CHARTS: readonly PlatformChart[] = [
  'kube-prometheus-stack',
  'loki',
  'alloy',
  'external-secrets',
  'aws-load-balancer-controller',
  'external-dns',
  'karpenter',
  'metrics-server',
  'cert-manager',
  'opencost',
  'velero',
  'argo-rollouts',
  'base',
  'istiod',
  'cni',
  'ztunnel',
  'prometheus-yet-another-cloudwatch-exporter',
  'tempo',
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

const MESH_KEYS = ['istiodReplicas', 'enrollAppsByDefault', 'tracing'];
const TRACING_KEYS = ['otlpService', 'otlpPort', 'samplingPercent'];

/** What is wrong with `platform.mesh`, as [field under `mesh`, problem]. */
function meshProblems(mesh: MeshSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  for (const key of Object.keys(mesh)) {
    if (!MESH_KEYS.includes(key)) problems.push([key, `unknown field; known fields: ${MESH_KEYS.join(', ')}`]);
  }
  problems.push(['istiodReplicas', positiveIntegerProblem(mesh.istiodReplicas)]);
  const byDefault: unknown = mesh.enrollAppsByDefault;
  if (byDefault !== undefined && typeof byDefault !== 'boolean') {
    problems.push(['enrollAppsByDefault', `${JSON.stringify(byDefault)} must be true or false`]);
  }
  const tracing = mesh.tracing ?? {};
  for (const key of Object.keys(tracing)) {
    if (!TRACING_KEYS.includes(key))
      problems.push([`tracing.${key}`, `unknown field; known fields: ${TRACING_KEYS.join(', ')}`]);
  }
  if (tracing.otlpService !== undefined) {
    problems.push(['tracing.otlpService', hostnameProblem(tracing.otlpService)]);
    // Waypoints' NetworkPolicies open egress to the Service's namespace, its second label.
    if (!/^[^.]+\.[^.]+\.svc(\.cluster\.local)?$/.test(tracing.otlpService)) {
      problems.push([
        'tracing.otlpService',
        `"${tracing.otlpService}" must be a Service name <service>.<namespace>.svc.cluster.local, such as "${DEFAULTS.meshTracingService}"`,
      ]);
    }
  }
  if (tracing.otlpPort !== undefined) problems.push(['tracing.otlpPort', portNumberProblem(tracing.otlpPort)]);
  const sampling: unknown = tracing.samplingPercent;
  if (sampling !== undefined && (typeof sampling !== 'number' || !(sampling >= 0 && sampling <= 100))) {
    problems.push(['tracing.samplingPercent', `${JSON.stringify(sampling)} must be a percentage from 0 to 100`]);
  }
  return problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

const DATA_STORE_ALERT_KEYS = Object.keys(DEFAULTS.dataStoreAlerts);
/** Thresholds that are shares of a limit: above 100 the alert could never fire. */
const DATA_STORE_PERCENT_KEYS = [
  'databaseConnectionsPercent',
  'databaseCpuPercent',
  'cacheMemoryPercent',
  'cacheCpuPercent',
];

/** What is wrong with `platform.cloudwatch`, as [field under `cloudwatch`, problem]. */
function cloudWatchProblems(cloudwatch: CloudWatchSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  const known = ['scrapeIntervalSeconds', 'alerts'];
  for (const key of Object.keys(cloudwatch)) {
    if (!known.includes(key)) problems.push([key, `unknown field; known fields: ${known.join(', ')}`]);
  }
  if (cloudwatch.scrapeIntervalSeconds !== undefined) {
    const interval: unknown = cloudwatch.scrapeIntervalSeconds;
    problems.push([
      'scrapeIntervalSeconds',
      typeof interval !== 'number' || !Number.isInteger(interval) || interval < 60
        ? `${JSON.stringify(interval)} must be a whole number of seconds, at least 60 (CloudWatch's RDS and ElastiCache metrics have one-minute resolution)`
        : undefined,
    ]);
  }
  for (const [key, value] of Object.entries(cloudwatch.alerts ?? {}) as [string, unknown][]) {
    const field = `alerts.${key}`;
    if (!DATA_STORE_ALERT_KEYS.includes(key)) {
      problems.push([field, `unknown field; known fields: ${DATA_STORE_ALERT_KEYS.join(', ')}`]);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push([field, `${JSON.stringify(value)} must be a positive number`]);
    } else if (DATA_STORE_PERCENT_KEYS.includes(key) && value > 100) {
      problems.push([field, `${value} is above 100%; the alert could never fire`]);
    }
  }
  return problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/** What is wrong with `platform.tracing`, as [field under `tracing`, problem]. */
function tracingProblems(tracing: TracingSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  const known = ['retentionDays', 'samplingPercent'];
  for (const key of Object.keys(tracing)) {
    if (!known.includes(key)) problems.push([key, `unknown field; known fields: ${known.join(', ')}`]);
  }
  if (tracing.retentionDays !== undefined)
    problems.push(['retentionDays', positiveIntegerProblem(tracing.retentionDays)]);
  const sampling: unknown = tracing.samplingPercent;
  if (
    sampling !== undefined &&
    (typeof sampling !== 'number' || !Number.isFinite(sampling) || sampling <= 0 || sampling > 100)
  ) {
    problems.push(['samplingPercent', `${JSON.stringify(sampling)} must be a percentage above 0 and at most 100`]);
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
  const { monitoring, logging, externalSecrets, ingress, cost, backup, nodes, chartVersions, cloudwatch, tracing } =
    platform;
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
  if (tracing !== undefined) {
    for (const [field, problem] of tracingProblems(tracing)) add(`tracing.${field}`, problem);
    if (logging === undefined || monitoring === undefined) {
      add(
        'tracing',
        'apps send their spans to Alloy (platform.logging) and Grafana shows them (platform.monitoring); add both too',
      );
    }
  }
  if (cloudwatch !== undefined) {
    for (const [field, problem] of cloudWatchProblems(cloudwatch)) add(`cloudwatch.${field}`, problem);
    if (monitoring === undefined) {
      add(
        'cloudwatch',
        'the database and cache metrics are scraped by Prometheus and alert through Alertmanager; add platform.monitoring too',
      );
    }
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
  if (cost !== undefined) {
    if (monitoring === undefined) {
      add('cost', "OpenCost reads the cluster's Prometheus; add platform.monitoring too");
    }
    const costFields = ['memoryRequestMi', 'memoryLimitMi'];
    for (const key of Object.keys(cost)) {
      if (!costFields.includes(key)) add(`cost.${key}`, `unknown field; known fields: ${costFields.join(', ')}`);
    }
    if (cost.memoryRequestMi !== undefined) count('cost.memoryRequestMi', cost.memoryRequestMi);
    if (cost.memoryLimitMi !== undefined) count('cost.memoryLimitMi', cost.memoryLimitMi);
    const request = cost.memoryRequestMi ?? DEFAULTS.opencostMemoryRequestMi;
    const limit = cost.memoryLimitMi ?? DEFAULTS.opencostMemoryLimitMi;
    if (Number.isInteger(request) && Number.isInteger(limit) && request > limit) {
      add(
        'cost.memoryLimitMi',
        `${limit} is below the memory request (${request} MiB); raise it to at least ${request}`,
      );
    }
  }
  if (backup !== undefined) {
    for (const key of ['resourcesRpoMinutes', 'volumesRpoMinutes'] as const) {
      if (backup[key] !== undefined) add(`backup.${key}`, backupRpoProblem(backup[key]));
    }
    if (backup.retentionDays !== undefined) count('backup.retentionDays', backup.retentionDays);
    if (backup.restoreDrill !== undefined && typeof backup.restoreDrill !== 'boolean') {
      add('backup.restoreDrill', `${JSON.stringify(backup.restoreDrill)} must be true or false`);
    }
  }
  if (platform.rollouts !== undefined) {
    count('rollouts.controllerReplicas', platform.rollouts.controllerReplicas);
    const image: unknown = platform.rollouts.smokeHttpImage;
    if (image !== undefined && (typeof image !== 'string' || !/^[a-z0-9][^\s]*:[^\s]+$/.test(image))) {
      add(
        'rollouts.smokeHttpImage',
        `${JSON.stringify(image)} is not an image reference with a tag (for example "curlimages/curl:8.17.0@sha256:<digest>")`,
      );
    }
  }
  if (nodes !== undefined) {
    for (const [field, problem] of nodesProblems(nodes)) add(`nodes.${field}`, problem);
  }
  if (platform.mesh !== undefined) {
    for (const [field, problem] of meshProblems(platform.mesh)) add(`mesh.${field}`, problem);
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
