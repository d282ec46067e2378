import { ConfigError } from '../errors';
import { formatGithub } from './report/format-github';
import { formatHuman } from './report/format-human';
import { formatJson } from './report/format-json';
import { defaultCacheDir, resolveSchemaDir } from './schema-dir';
import type { ClusterTarget, ValidationReport } from './types';
import { validateTree } from './validate-tree';

export const OUTPUT_FORMATS = ['human', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The part of a loaded project validation needs (`loadProject` returns more). */
export interface ValidateProject {
  readonly root: string;
  readonly clusters: readonly { readonly definition: ClusterTarget }[];
}

export interface ValidateFlags {
  readonly cluster?: readonly string[];
  readonly format?: string;
  readonly 'schema-dir'?: string;
  readonly 'skip-kind'?: readonly string[];
  readonly 'no-cache'?: boolean;
}

export interface ValidateRun {
  readonly report: ValidationReport;
  /** What to print on stdout. */
  readonly output: string;
  readonly exitCode: number;
}

/** The output format a `--format` value names; ConfigError for anything else. */
export function checkFormat(format: string | undefined): OutputFormat {
  const chosen = format ?? 'human';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(chosen)) {
    throw new ConfigError(
      { field: '--format' },
      `unknown format "${chosen}"; use one of: ${OUTPUT_FORMATS.join(', ')}`,
    );
  }
  return chosen as OutputFormat;
}

/**
 * The `validate` command without the process around it: checks the flags against the project, then
 * validates. In GitHub Actions the human output is followed by annotations.
 */
export async function runValidate(
  project: ValidateProject,
  flags: ValidateFlags,
  env: NodeJS.ProcessEnv,
): Promise<ValidateRun> {
  const format = checkFormat(flags.format);
  const known = project.clusters.map((cluster) => cluster.definition.name);
  for (const name of flags.cluster ?? []) {
    if (!known.includes(name)) {
      throw new ConfigError(
        { cluster: name, field: '--cluster' },
        `unknown cluster; known clusters: ${known.join(', ')}`,
      );
    }
  }
  const selected = project.clusters
    .map((cluster) => cluster.definition)
    .filter((definition) => flags.cluster === undefined || flags.cluster.includes(definition.name));
  const started = performance.now();
  const elapsedMs = new Map<string, number>();
  const report = await validateTree({
    onClusterTimed: (cluster, ms) => elapsedMs.set(cluster, ms),
    repoRoot: project.root,
    clusters: selected,
    schemaDir: resolveSchemaDir(project.root, flags['schema-dir'], env),
    ...(flags['no-cache'] === true ? {} : { cacheDir: defaultCacheDir(project.root) }),
    skipKinds: flags['skip-kind'] ?? [],
  });
  let output: string;
  if (format === 'json') output = formatJson(report);
  else if (format === 'github') output = formatGithub(report);
  else
    output =
      formatHuman(report, { clusters: elapsedMs, total: performance.now() - started }) +
      (env.GITHUB_ACTIONS === 'true' ? formatGithub(report) : '');
  return { report, output, exitCode: report.errorCount === 0 ? 0 : 1 };
}
