import { DEFAULTS } from '../model/defaults';
import { NodePool } from '../model/platform-settings';
import {
  type AlertsSpec,
  type AppSpec,
  type DependencySpec,
  type HttpProbeSpec,
  WorkloadKind,
} from '../model/app-spec';
import {
  cronProblem,
  dnsLabelProblem,
  envNameProblem,
  hostnameProblem,
  portNameProblem,
  portNumberProblem,
  positiveIntegerProblem,
} from './rules';
import { sloHistogramProblems } from '../../platform/monitoring/slo';
import { didYouMean } from './suggest';
import { reservedNameProblem } from './reserved-names';
import { deliveryProblems } from './check-delivery';
import { eventsProblems } from './check-events';

/** One thing wrong with an app spec: the dotted field and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

const KINDS = Object.values(WorkloadKind) as string[];
const KNOWN_KEYS = new Set([
  'name',
  'team',
  'kind',
  'imageRepository',
  'ports',
  'metricsPort',
  'metricsPath',
  'secrets',
  'httpMetrics',
  'slo',
  'allowedClients',
  'args',
  'command',
  'config',
  'resources',
  'replicas',
  'autoscaling',
  'probes',
  'ingress',
  'schedule',
  'suspend',
  'alerts',
  'nodePool',
  'delivery',
  'smoke',
  'mesh',
  'dependencies',
  'tracing',
  'events',
]);

/**
 * Everything that can be wrong with one app spec on its own (after a cluster's overrides are applied).
 * Cross-app rules (duplicate names, host collisions, clients) live with the project checks.
 */
/** A value quoted in a message, cut to 80 characters so a huge input does not flood the terminal. */
function truncated(text: string | undefined): string {
  const value = text ?? 'undefined';
  return value.length > 80 ? `${value.slice(0, 80)}... (${value.length} characters)` : value;
}

export function appProblems(spec: AppSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.push({ field, problem });
  };

  for (const key of Object.keys(spec)) {
    if (!KNOWN_KEYS.has(key)) {
      add(key, `unknown field${didYouMean(key, [...KNOWN_KEYS])}; known fields: ${[...KNOWN_KEYS].sort().join(', ')}`);
    }
  }
  add('name', dnsLabelProblem(spec.name) ?? reservedNameProblem(spec.name));
  add('team', dnsLabelProblem(spec.team));
  if (!KINDS.includes(spec.kind)) add('kind', `${JSON.stringify(spec.kind)} is not one of ${KINDS.join(', ')}`);
  add('imageRepository', imageRepositoryProblem(spec.imageRepository));

  const ports = spec.ports ?? [];
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  ports.forEach((port, index) => {
    add(`ports[${index}].name`, portNameProblem(port.name));
    add(`ports[${index}].port`, portNumberProblem(port.port));
    if (portNames.has(port.name)) add(`ports[${index}].name`, `port name "${port.name}" is used twice`);
    if (portNumbers.has(port.port)) add(`ports[${index}].port`, `port ${port.port} is used twice`);
    portNames.add(port.name);
    portNumbers.add(port.port);
  });
  const portRefProblem = (name: string): string | undefined =>
    portNames.has(name)
      ? undefined
      : `no port named "${name}"; the app's ports are: ${[...portNames].join(', ') || 'none'}`;

  if (spec.metricsPort !== undefined) add('metricsPort', portRefProblem(spec.metricsPort));
  if (spec.metricsPath !== undefined) add('metricsPath', pathProblem(spec.metricsPath));

  const longRunning = spec.kind === WorkloadKind.WEB_SERVICE || spec.kind === WorkloadKind.WORKER;
  if (spec.kind === WorkloadKind.WEB_SERVICE && ports.length === 0) {
    add('ports', 'a web service needs at least one port, for example [{ name: "http", port: 8080 }]');
  }
  if (longRunning) {
    for (const probe of ['liveness', 'readiness'] as const) {
      if (spec.probes?.[probe] === undefined) {
        add(`probes.${probe}`, `a ${spec.kind} needs a ${probe} probe, for example { path: "/healthz" }`);
      }
    }
  } else if (spec.probes !== undefined) {
    add('probes', 'probes apply to long-running workloads only; a cron job runs to completion');
  }
  for (const [kind, probe] of Object.entries(spec.probes ?? {}) as [string, HttpProbeSpec | undefined][]) {
    if (probe === undefined) continue;
    add(`probes.${kind}.path`, pathProblem(probe.path));
    if (ports.length === 0) add(`probes.${kind}`, 'an HTTP probe needs a port; add one to ports');
    else if (probe.port !== undefined) add(`probes.${kind}.port`, portRefProblem(probe.port));
    for (const key of ['periodSeconds', 'failureThreshold'] as const) {
      if (probe[key] !== undefined) add(`probes.${kind}.${key}`, positiveIntegerProblem(probe[key]));
    }
    if (probe.initialDelaySeconds !== undefined) {
      add(`probes.${kind}.initialDelaySeconds`, positiveIntegerProblem(probe.initialDelaySeconds, 0));
    }
  }

  const resources = spec.resources ?? {};
  for (const [key, value] of Object.entries(resources)) {
    if (value !== undefined) add(`resources.${key}`, positiveIntegerProblem(value));
  }
  const { cpuRequestMilli, cpuLimitMilli, memoryRequestMi, memoryLimitMi } = resources;
  if (cpuRequestMilli !== undefined && cpuLimitMilli !== undefined && cpuRequestMilli > cpuLimitMilli) {
    add(
      'resources.cpuRequestMilli',
      `request (${cpuRequestMilli}m) must not exceed the limit cpuLimitMilli (${cpuLimitMilli}m)`,
    );
  }
  const memoryLimit = memoryLimitMi ?? DEFAULTS.memoryLimitMi;
  if (memoryRequestMi !== undefined && memoryRequestMi > memoryLimit) {
    add(
      'resources.memoryRequestMi',
      `request (${memoryRequestMi}Mi) must not exceed the limit memoryLimitMi (${memoryLimit}Mi)`,
    );
  }

  if (spec.replicas !== undefined) add('replicas', positiveIntegerProblem(spec.replicas, 1, DEFAULTS.maxReplicas));
  if (spec.autoscaling !== undefined) {
    const { minReplicas, maxReplicas, cpuTargetPercent } = spec.autoscaling;
    add('autoscaling.minReplicas', positiveIntegerProblem(minReplicas));
    add('autoscaling.maxReplicas', positiveIntegerProblem(maxReplicas, 1, DEFAULTS.maxReplicas));
    if (minReplicas > maxReplicas) {
      add('autoscaling.minReplicas', `minReplicas (${minReplicas}) must not exceed maxReplicas (${maxReplicas})`);
    }
    if (
      cpuTargetPercent !== undefined &&
      (!Number.isInteger(cpuTargetPercent) || cpuTargetPercent < 1 || cpuTargetPercent > 100)
    ) {
      add('autoscaling.cpuTargetPercent', `${cpuTargetPercent} must be an integer percentage from 1 to 100`);
    }
    if (spec.replicas !== undefined) add('replicas', 'set either replicas or autoscaling, not both');
  }

  if (spec.tracing !== undefined) {
    const tracing: unknown = spec.tracing;
    const sampling: unknown = (tracing as { samplingPercent?: unknown } | null)?.samplingPercent;
    if (typeof tracing !== 'object' || tracing === null || Array.isArray(tracing)) {
      add('tracing', `${JSON.stringify(tracing)} is not an object; use {} or { samplingPercent: 10 }`);
    } else if (Object.keys(tracing).some((key) => key !== 'samplingPercent')) {
      add('tracing', 'unknown field; known fields: samplingPercent');
    } else if (
      sampling !== undefined &&
      (typeof sampling !== 'number' || !Number.isFinite(sampling) || sampling <= 0 || sampling > 100)
    ) {
      add('tracing.samplingPercent', `${JSON.stringify(sampling)} must be a percentage above 0 and at most 100`);
    }
  }

  const pools: readonly string[] = Object.values(NodePool);
  for (const [name, dependency] of Object.entries(spec.dependencies ?? {})) {
    for (const { field, problem } of dependencyProblems(dependency))
      add(field === '' ? `dependencies.${name}` : `dependencies.${name}.${field}`, problem);
  }
  const mesh: unknown = spec.mesh;
  if (mesh !== undefined && typeof mesh !== 'boolean') {
    problems.push({ field: 'mesh', problem: `${JSON.stringify(truncated(String(mesh)))} must be true or false` });
  }
  if (spec.nodePool !== undefined && !pools.includes(spec.nodePool)) {
    add(
      'nodePool',
      `${JSON.stringify(truncated(String(spec.nodePool)))} is not a node pool; use one of ${pools.map((pool) => `"${pool}"`).join(', ')}`,
    );
  }

  if (spec.kind === WorkloadKind.CRON_JOB) {
    add('schedule', cronProblem(spec.schedule));
    if (spec.replicas !== undefined || spec.autoscaling !== undefined) {
      add(spec.replicas !== undefined ? 'replicas' : 'autoscaling', 'a cron job runs one pod per run; remove it');
    }
  } else {
    if (spec.schedule !== undefined) add('schedule', `only cron jobs have a schedule; this app is a ${spec.kind}`);
    if (spec.suspend !== undefined) add('suspend', `only cron jobs can be suspended; this app is a ${spec.kind}`);
  }

  if (spec.ingress !== undefined) {
    if (spec.kind !== WorkloadKind.WEB_SERVICE)
      add('ingress', `only web services can have an ingress; this app is a ${spec.kind}`);
    add('ingress.host', typeof spec.ingress.host === 'string' ? hostnameProblem(spec.ingress.host) : 'missing host');
    if (spec.ingress.path !== undefined) add('ingress.path', pathProblem(spec.ingress.path));
  }

  for (const [key, value] of Object.entries(spec.config ?? {})) {
    add(`config.${key}`, envNameProblem(key));
    if (typeof value !== 'string')
      add(
        `config.${key}`,
        `value must be a string (quote numbers and booleans), got ${truncated(JSON.stringify(value))}`,
      );
  }
  const configBytes = Object.entries(spec.config ?? {}).reduce(
    (total, [key, value]) =>
      total + Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0),
    0,
  );
  if (configBytes > DEFAULTS.configMapMaxBytes) {
    add(
      'config',
      `holds ${(configBytes / 1024 / 1024).toFixed(1)} MiB; its ConfigMap may hold at most 1 MiB (the Kubernetes API limit): mount large data from a volume or fetch it from S3`,
    );
  }
  for (const [key, ref] of Object.entries(spec.secrets ?? {})) {
    add(`secrets.${key}`, envNameProblem(key));
    if (spec.config?.[key] !== undefined)
      add(`secrets.${key}`, `"${key}" is also set in config; an environment variable comes from one place`);
    if (typeof ref?.property !== 'string' || ref.property === '')
      add(`secrets.${key}.property`, 'missing the JSON property of the secret');
  }
  sloProblems(spec, add);
  problems.push(...deliveryProblems(spec));
  problems.push(...eventsProblems(spec));
  if (spec.alerts !== undefined) {
    for (const { field, problem } of alertsProblems(spec.alerts)) add(`alerts.${field}`, problem);
    if (spec.alerts.minRequestsPerSecond !== undefined) {
      if (spec.kind === WorkloadKind.CRON_JOB)
        add('alerts.minRequestsPerSecond', 'a cron job serves no requests; remove it');
      else if (spec.metricsPort === undefined)
        add('alerts.minRequestsPerSecond', "the request rate is read from the app's HTTP metrics; set metricsPort");
    }
  }
  return problems;
}

const ALERT_KEYS = [
  'minRequestsPerSecond',
  'unavailableForMinutes',
  'cpuRequestPercent',
  'cpuLimitPercent',
  'memoryLimitPercent',
  'latencyP95Ms',
  'errorsPerMinute',
  'errorRatioPercent',
];
/** Percentages above 100 could never be reached (CPU usage may exceed its request: cpuRequestPercent may). */
const PERCENT_KEYS = ['cpuLimitPercent', 'memoryLimitPercent', 'errorRatioPercent'];

/** What is wrong with standard alert thresholds (an app's `alerts` or a cluster's `alertDefaults`), by field. */
export function alertsProblems(alerts: AlertsSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(alerts) as [string, unknown][]) {
    if (!ALERT_KEYS.includes(key)) {
      problems.push({
        field: key,
        problem: `unknown field${didYouMean(key, ALERT_KEYS)}; known fields: ${ALERT_KEYS.join(', ')}`,
      });
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problems.push({ field: key, problem: `${JSON.stringify(value)} must be a positive number` });
    } else if (key === 'unavailableForMinutes' && !Number.isInteger(value)) {
      problems.push({ field: key, problem: `${value} must be a whole number of minutes` });
    } else if (PERCENT_KEYS.includes(key) && value > 100) {
      problems.push({ field: key, problem: `${value} is above 100%; the alert could never fire` });
    }
  }
  return problems;
}

const SLO_KEYS = [
  'availabilityPercent',
  'windowDays',
  'latencyThresholdMs',
  'latencyPercent',
  'histogramBucketsMs',
  'minEventsPerWindow',
];
const HTTP_METRICS_KEYS = ['requestsTotal', 'statusCodeLabel', 'durationHistogram'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function sloProblems(spec: AppSpec, add: (field: string, problem: string | undefined) => void): void {
  const metrics = spec.httpMetrics;
  if (metrics !== undefined) {
    for (const key of Object.keys(metrics)) {
      if (!HTTP_METRICS_KEYS.includes(key))
        add(
          `httpMetrics.${key}`,
          `unknown field${didYouMean(key, HTTP_METRICS_KEYS)}; known fields: ${HTTP_METRICS_KEYS.join(', ')}`,
        );
    }
    for (const key of ['requestsTotal', 'durationHistogram'] as const) {
      const value = metrics[key];
      if (value !== undefined && (typeof value !== 'string' || !METRIC_NAME.test(value))) {
        add(
          `httpMetrics.${key}`,
          `${JSON.stringify(value)} is not a Prometheus metric name (for example "http_requests_total")`,
        );
      }
    }
    const label = metrics.statusCodeLabel;
    if (label !== undefined && (typeof label !== 'string' || !LABEL_NAME.test(label))) {
      add(
        'httpMetrics.statusCodeLabel',
        `${JSON.stringify(label)} is not a Prometheus label name (for example "code")`,
      );
    }
  }

  const slo = spec.slo;
  if (slo === undefined) return;
  for (const key of Object.keys(slo)) {
    if (!SLO_KEYS.includes(key))
      add(`slo.${key}`, `unknown field${didYouMean(key, SLO_KEYS)}; known fields: ${SLO_KEYS.join(', ')}`);
  }
  if (spec.kind === WorkloadKind.CRON_JOB) {
    add('slo', 'SLOs apply to apps that serve requests; a cron job runs to completion (alert on failed runs instead)');
  }
  if (spec.metricsPort === undefined) {
    add('slo', "an SLO is measured from the app's HTTP metrics; set metricsPort to the port that serves them");
  }
  add('slo.availabilityPercent', percentProblem(slo.availabilityPercent, 'availabilityPercent'));
  if (slo.windowDays !== undefined) {
    const bad = positiveIntegerProblem(slo.windowDays);
    add(
      'slo.windowDays',
      bad ??
        (slo.windowDays > 90
          ? `${slo.windowDays} days is longer than Prometheus keeps data; use at most 90`
          : undefined),
    );
  }
  if (slo.latencyThresholdMs !== undefined)
    add('slo.latencyThresholdMs', positiveIntegerProblem(slo.latencyThresholdMs));
  if (slo.minEventsPerWindow !== undefined)
    add('slo.minEventsPerWindow', positiveIntegerProblem(slo.minEventsPerWindow));
  for (const { field, problem } of sloHistogramProblems(slo)) add(field, problem);
  if (slo.latencyPercent !== undefined) {
    add('slo.latencyPercent', percentProblem(slo.latencyPercent, 'latencyPercent'));
    if (slo.latencyThresholdMs === undefined) {
      add(
        'slo.latencyPercent',
        'a latency objective needs latencyThresholdMs, for example { latencyThresholdMs: 250, latencyPercent: 99 }',
      );
    }
  }
}

function percentProblem(value: unknown, field: string): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 100) {
    return `${JSON.stringify(value)} is not a percentage between 0 and 100 (exclusive); write ${field}: 99.9 for "three nines"`;
  }
  return undefined;
}

function imageRepositoryProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[a-z0-9]+([._/:-][a-z0-9]+)*$/.test(value)) {
    return `${JSON.stringify(value)} is not an image repository (for example "gateway" or "ghcr.io/acme/gateway")`;
  }
  const lastSegment = value.split('/').pop() ?? '';
  if (lastSegment.includes(':') || value.includes('@')) {
    return `"${value}" must not carry a tag or digest: those come from the cluster's release pins (clusters/<cluster>.releases.yaml)`;
  }
  return undefined;
}

function pathProblem(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('/')
    ? undefined
    : `${JSON.stringify(value)} must be a path starting with "/"`;
}

const DEPENDENCY_KEYS = ['timeoutSeconds', 'outlierDetection'];
const OUTLIER_KEYS = ['consecutive5xxErrors', 'ejectionSeconds'];

/** What is wrong with one entry of `dependencies`, fields relative to it. */
function dependencyProblems(dependency: DependencySpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push({ field, problem });
  };
  for (const key of Object.keys(dependency ?? {}))
    if (!DEPENDENCY_KEYS.includes(key)) add(key, `unknown field; known fields: ${DEPENDENCY_KEYS.join(', ')}`);
  if (dependency.timeoutSeconds !== undefined)
    add('timeoutSeconds', positiveIntegerProblem(dependency.timeoutSeconds, 1, 3600));
  const outlier = dependency.outlierDetection;
  if (outlier !== undefined) {
    for (const key of Object.keys(outlier))
      if (!OUTLIER_KEYS.includes(key))
        add(`outlierDetection.${key}`, `unknown field; known fields: ${OUTLIER_KEYS.join(', ')}`);
    add('outlierDetection.consecutive5xxErrors', positiveIntegerProblem(outlier.consecutive5xxErrors, 1, 100));
    if (outlier.ejectionSeconds !== undefined)
      add('outlierDetection.ejectionSeconds', positiveIntegerProblem(outlier.ejectionSeconds, 1, 3600));
  }
  if (problems.length === 0 && Object.keys(dependency).length === 0) {
    add('', 'declares nothing; set timeoutSeconds or outlierDetection, or remove the entry');
  }
  return problems;
}
