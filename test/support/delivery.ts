import { parse } from 'yaml';
import type { AppSpec } from '../../lib/model/app-spec';
import type { AwsClusterDefinition, ClusterDefinition } from '../../lib/model/cluster';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { SchemaRegistry } from '../../lib/validate/schema/schema-registry';
import { defaultCacheDir } from '../../lib/validate/schema-dir';
import { REPO_ROOT } from './repo-copy';
import type { Finding } from '../../lib/validate/types';
import { validateTree } from '../../lib/validate/validate-tree';
import { productionCluster, resolveCluster, stagingCluster } from '../platform/fixtures';
import { SCHEMA_DIR } from './schemas';
import { tempTree } from './temp-tree';

/** A fixture cluster (production shape unless told otherwise) that runs Argo Rollouts. */
export function rolloutsCluster(
  base: 'staging' | 'production' = 'production',
  overrides: Partial<AwsClusterDefinition> = {},
): AwsClusterDefinition {
  const cluster = base === 'production' ? productionCluster() : stagingCluster();
  return { ...cluster, platform: { ...cluster.platform, rollouts: { controllerReplicas: 2 } }, ...overrides };
}

export type Obj = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
};

/** The whole output of a fixture cluster (Argo CD wiring included), by `<folder>/<file>`. */
export function synthFixture(definition: ClusterDefinition, specs: readonly AppSpec[]): Map<string, Obj> {
  const files = synthesizeCluster(resolveCluster(definition, specs));
  return new Map(files.map((file) => [file.path.slice(definition.name.length + 1), parse(file.content) as Obj]));
}

/** The objects of one folder, by `Kind/name`. */
export function folderObjects(output: Map<string, Obj>, folder: string): Map<string, Obj> {
  return new Map(
    [...output.entries()]
      .filter(([path]) => path.startsWith(`${folder}/`))
      .map(([, object]) => [`${object.kind}/${object.metadata.name}`, object]),
  );
}

// The compiled validators `npm run validate` caches on disk: a warm cache saves each test worker ~20 s of compiling.
const registry = new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir: defaultCacheDir(REPO_ROOT) });

/**
 * Runs `npm run validate`'s whole rule set (strict schemas with the cluster's CRDs, references, policies) over a
 * fixture cluster's output written to a temporary repository; returns the findings but image pinning's.
 */
export async function validateFixtureCluster(
  definition: ClusterDefinition,
  specs: readonly AppSpec[],
): Promise<Finding[]> {
  const files = synthesizeCluster(resolveCluster(definition, specs));
  const root = tempTree(Object.fromEntries(files.map((file) => [`generated/${file.path}`, file.content])));
  const report = await validateTree({
    repoRoot: root,
    clusters: [
      { name: definition.name, environment: definition.environment, kubernetesVersion: definition.kubernetesVersion },
    ],
    schemaDir: SCHEMA_DIR,
    registry,
  });
  // The fixture's release pins carry tags only (test/platform/fixtures.ts): image pinning is the pins' business.
  return report.clusters.flatMap((cluster) => cluster.findings.filter((finding) => finding.rule !== 'image-pinning'));
}

/** Three public web services, one per strategy, with distinct names and hosts (one cluster validates them all). */
export function oneAppPerStrategy(
  base: (overrides: Partial<AppSpec>) => AppSpec,
  extra: Partial<AppSpec> = {},
): AppSpec[] {
  return [
    base({ name: 'gateway', ingress: { host: 'api' }, delivery: { strategy: 'canary', pauseMinutes: 5 }, ...extra }),
    base({
      name: 'web',
      ingress: { host: 'www' },
      delivery: { strategy: 'blueGreen', previewHost: 'preview-www' },
      secrets: undefined,
      ...extra,
    }),
    base({ name: 'shop', ingress: { host: 'shop' }, secrets: undefined, ...extra }),
  ];
}
