import { parse } from 'yaml';
import { type AppSettings, type AppSpec, WorkloadKind } from '../../lib/model/app-spec';
import type { AwsClusterDefinition, ClusterDefinition } from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import type { ReleasePins } from '../../lib/model/release-pins';
import type { Project } from '../../lib/project/load';
import { generateTree } from '../../lib/synth/generate';

export const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A valid web service; tests change one thing at a time. */
export function webApp(overrides: Partial<Record<keyof AppSpec, unknown>> = {}): AppSpec {
  return {
    name: 'shop',
    team: 'storefront',
    kind: WorkloadKind.WEB_SERVICE,
    imageRepository: 'shop',
    ports: [{ name: 'http', port: 8080 }],
    metricsPort: 'http',
    probes: { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } },
    ...overrides,
  } as AppSpec;
}

export function workerApp(overrides: Partial<Record<keyof AppSpec, unknown>> = {}): AppSpec {
  return {
    name: 'mailer',
    team: 'storefront',
    kind: WorkloadKind.WORKER,
    imageRepository: 'mailer',
    ports: [{ name: 'metrics', port: 9090 }],
    probes: { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } },
    ...overrides,
  } as AppSpec;
}

export function cronApp(overrides: Partial<Record<keyof AppSpec, unknown>> = {}): AppSpec {
  return {
    name: 'nightly',
    team: 'finance',
    kind: WorkloadKind.CRON_JOB,
    imageRepository: 'nightly',
    schedule: '0 3 * * *',
    ...overrides,
  } as AppSpec;
}

export function cluster(
  name: string,
  apps: Record<string, AppSettings>,
  overrides: Partial<AwsClusterDefinition> = {},
): AwsClusterDefinition {
  return {
    name,
    environment: name === 'production' ? Environment.PRODUCTION : Environment.STAGING,
    awsAccountId: '123456789012',
    awsRegion: 'eu-west-1',
    kubernetesVersion: '1.34',
    baseDomain: `${name}.example.org`,
    // Each cluster its own range (clusters' VPCs may not overlap): 10.<from the name>.0.0/16.
    vpcCidr: `10.${[...name].reduce((total, char) => (total * 31 + char.charCodeAt(0)) % 250, 0)}.0.0/16`,
    apps,
    ...overrides,
  };
}

/** An in-memory project: apps under apps/<name>/index.ts, pins for every enabled app unless given. */
export function project(
  apps: readonly AppSpec[],
  clusters: readonly ClusterDefinition[],
  pins: Record<string, ReleasePins> = {},
): Project {
  return {
    root: '/nonexistent',
    apps: apps.map((spec) => ({ spec, file: `apps/${spec.name}/index.ts` })),
    clusters: clusters.map((definition) => ({
      definition,
      file: `clusters/${definition.name}.ts`,
      pinsFile: `clusters/${definition.name}.releases.yaml`,
      pins:
        pins[definition.name] ??
        Object.fromEntries(Object.keys(definition.apps).map((app) => [app, { tag: '1.0.0', digest: DIGEST }])),
    })),
  };
}

/** A parsed YAML document; tests read fields freely and assert on them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** Synthesizes a project and returns its objects by `<cluster>/<folder>/<file>` path. */
export function render(input: Project): Map<string, Doc> {
  return new Map(generateTree(input).map((file) => [file.path, parse(file.content) as Doc]));
}

/** Every input problem a function reports (one per ConfigErrors entry), or [] when it succeeds. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    return (error as Error).message.split('\n');
  }
}

/** The message a function throws (ConfigError or ConfigErrors), for exact assertions. */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}
