import { parse } from 'yaml';
import { type AppSpec, WorkloadKind } from '../../lib/model/app-spec';
import type { AwsClusterDefinition, ClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { HeartbeatProvider, LokiMode } from '../../lib/model/platform-settings';
import type { ResolvedApp, ResolvedCluster } from '../../lib/model/resolved-app';
import { resolveProject } from '../../lib/project/resolve';
import { appUnits } from '../../lib/synth/app-units';
import { platformUnits } from '../../lib/synth/platform-units';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { project } from '../support/project';

/** A staging cluster with every platform component, small. */
export function stagingCluster(overrides: Partial<AwsClusterDefinition> = {}): AwsClusterDefinition {
  return {
    name: 'staging',
    environment: Environment.STAGING,
    awsAccountId: '111111111111',
    awsRegion: 'eu-west-1',
    kubernetesVersion: '1.34',
    baseDomain: 'staging.example.com',
    vpcCidr: '10.20.0.0/16',
    platform: {
      monitoring: {
        prometheusReplicas: 1,
        prometheusRetentionDays: 7,
        prometheusStorageGi: 20,
        alertmanagerReplicas: 1,
        grafanaReplicas: 1,
        alerting: { slackChannel: '#alerts-staging' },
      },
      logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1 },
      externalSecrets: { replicas: 1 },
      ingress: { controllerReplicas: 1 },
    },
    apps: {},
    ...overrides,
  };
}

/** A production cluster with every platform component, highly available, paging through PagerDuty. */
export function productionCluster(overrides: Partial<AwsClusterDefinition> = {}): AwsClusterDefinition {
  return stagingCluster({
    name: 'production',
    environment: Environment.PRODUCTION,
    awsAccountId: '222222222222',
    baseDomain: 'example.com',
    vpcCidr: '10.30.0.0/16',
    requireImageDigests: false,
    platform: {
      monitoring: {
        prometheusReplicas: 2,
        prometheusRetentionDays: 30,
        prometheusStorageGi: 200,
        alertmanagerReplicas: 3,
        grafanaReplicas: 1,
        storageClassName: 'gp3',
        alerting: {
          slackChannel: '#alerts-production',
          pagerDuty: true,
          heartbeat: { provider: HeartbeatProvider.HEALTHCHECKS },
        },
      },
      logging: { lokiMode: LokiMode.DISTRIBUTED, lokiReplicas: 3 },
      externalSecrets: { replicas: 2, refreshIntervalMinutes: 15 },
      ingress: { controllerReplicas: 2 },
    },
    ...overrides,
  });
}

/** A public web service with metrics, an SLO and a secret. */
export function webService(overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    name: 'gateway',
    team: 'edge',
    kind: WorkloadKind.WEB_SERVICE,
    imageRepository: 'gateway',
    ports: [{ name: 'http', port: 8000 }],
    metricsPort: 'http',
    probes: { liveness: { path: '/health' }, readiness: { path: '/ready' } },
    autoscaling: { minReplicas: 2, maxReplicas: 6 },
    ingress: { host: 'api' },
    secrets: { JWT_SIGNING_KEY: { property: 'jwt-signing-key' } },
    slo: { availabilityPercent: 99.9, windowDays: 30, latencyThresholdMs: 250, latencyPercent: 99 },
    ...overrides,
  } as AppSpec;
}

export function worker(overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    name: 'worker',
    team: 'edge',
    kind: WorkloadKind.WORKER,
    imageRepository: 'worker',
    ports: [{ name: 'metrics', port: 9090 }],
    metricsPort: 'metrics',
    probes: { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } },
    ...overrides,
  } as AppSpec;
}

export function cronJob(overrides: Partial<AppSpec> = {}): AppSpec {
  return {
    name: 'report',
    team: 'storefront',
    kind: WorkloadKind.CRON_JOB,
    imageRepository: 'report',
    schedule: '30 2 * * *',
    ...overrides,
  } as AppSpec;
}

/** A project of the given apps, each enabled in the cluster, resolved (throws the user's errors). */
export function resolveCluster(definition: ClusterDefinition, specs: readonly AppSpec[]): ResolvedCluster {
  const apps =
    Object.keys(definition.apps).length > 0 ? definition.apps : Object.fromEntries(specs.map((s) => [s.name, {}]));
  const pins = Object.fromEntries(specs.map((spec) => [spec.name, { tag: '1.0.0' }]));
  return resolveProject(project(specs, [{ ...definition, apps }], { [definition.name]: pins }))[0]!;
}

export function resolveApp(definition: ClusterDefinition, spec: AppSpec): ResolvedApp {
  return resolveCluster(definition, [spec]).apps[0]!;
}

/** The rendered output of a cluster: every object by its path under generated/<cluster>/. */
export interface Rendered {
  readonly paths: readonly string[];
  /** The object at `<folder>/<file>`; throws naming the paths there are when it is missing. */
  object(path: string): Record<string, unknown>;
  has(path: string): boolean;
  objects(): { path: string; object: Record<string, unknown> }[];
}

export function render(definition: ClusterDefinition, specs: readonly AppSpec[]): Rendered {
  const cluster = resolveCluster(definition, specs);
  const files = synthesizeCluster(cluster, [appUnits, platformUnits]);
  const byPath = new Map(
    files.map((file) => [file.path.slice(definition.name.length + 1), parse(file.content) as Record<string, unknown>]),
  );
  return {
    paths: [...byPath.keys()],
    has: (path) => byPath.has(path),
    object(path) {
      const found = byPath.get(path);
      if (found === undefined) throw new Error(`no ${path}; rendered: ${[...byPath.keys()].join(', ')}`);
      return found;
    },
    objects: () => [...byPath.entries()].map(([path, object]) => ({ path, object })),
  };
}

/** A nested field by dotted path, for readable assertions. */
export function field(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}
