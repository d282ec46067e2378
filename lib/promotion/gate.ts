import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ARGOCD_FOLDER, BOOTSTRAP_PROJECT, PLATFORM_PROJECT } from '../argocd/defaults';
import { commitStatusContext } from '../argocd/notifications';
import { unitPath } from '../argocd/wiring';
import { ConfigError } from '../errors';
import { bakeTimeMinutes } from '../model/cluster';
import { loadProject } from '../project/load';
import { byCodePoint } from '../order';
import { type BakeResult, BakeVerdict, bakeResult } from './bake';
import { parseCommitStatuses } from './commit-statuses';

export interface GateOptions {
  readonly to: string;
  /** @default the target's `promotion.from` */
  readonly from?: string;
  /** The commit the promotion copies from (what the source cluster ran). */
  readonly revision: string;
  /** The statuses JSON file, relative to the repository root or absolute. */
  readonly statusesFile: string;
  readonly now: Date;
  readonly apps: readonly string[];
  readonly all: boolean;
  readonly platform: boolean;
}

export interface GateResult {
  readonly source: string;
  readonly target: string;
  readonly revision: string;
  readonly bakeMinutes: number;
  /** One per Application the promotion covers, apps first, then platform, each sorted. */
  readonly results: readonly BakeResult[];
  readonly passed: boolean;
}

/** An Argo CD Application of generated/<cluster>/argocd, as far as the gate needs it. */
interface GeneratedApplication {
  readonly name: string;
  readonly project: string;
  /** The folder it syncs; none for Helm-sourced Applications (Argo CD's own). */
  readonly path?: string;
}

/**
 * Decides whether a promotion may go ahead: every Application it covers (the apps, and with `platform` the
 * platform components) must have reported Synced and Healthy on the source cluster at `revision`
 * (commit status `argocd/<source>/<name>`, lib/argocd/notifications.ts) continuously for the target's
 * `promotion.bakeTimeMinutes`. Offline: it reads the statuses from a file and the Applications from generated/.
 */
export async function promotionGate(root: string, options: GateOptions): Promise<GateResult> {
  if (!/^[0-9a-f]{7,40}$/.test(options.revision)) {
    throw new ConfigError(
      { field: '--revision' },
      `"${options.revision}" is not a commit SHA (7 to 40 lower-case hex digits)`,
    );
  }
  if (options.apps.length === 0 && !options.all && !options.platform) {
    throw new ConfigError({}, 'say what the promotion covers: --app <app[,app]>, --all or --platform');
  }
  if (options.apps.length > 0 && options.all) {
    throw new ConfigError(
      {},
      '--app and --all exclude each other: give the apps, or --all for every app the target runs',
    );
  }
  const project = await loadProject(root);
  const known = project.clusters.map((cluster) => cluster.definition.name).sort(byCodePoint);
  const target = project.clusters.find((cluster) => cluster.definition.name === options.to);
  if (target === undefined) {
    throw new ConfigError(
      { cluster: options.to, field: '--to' },
      `unknown cluster; known clusters: ${known.join(', ')}`,
    );
  }
  const promotion = target.definition.promotion;
  if (promotion === undefined) {
    throw new ConfigError(
      { file: target.file, cluster: options.to },
      'the cluster is not gated (no `promotion` in its file): it runs what is merged, and has no promotion to gate',
    );
  }
  const source = options.from ?? promotion.from;
  if (source !== promotion.from) {
    throw new ConfigError(
      { file: target.file, cluster: options.to, field: 'promotion.from' },
      `the cluster is promoted from "${promotion.from}", not "${source}": run the gate with --from ${promotion.from}`,
    );
  }

  const sourceApplications = generatedApplications(root, source);
  const sourceApps = sourceApplications.filter(isApp).map((app) => app.name);
  let covered: string[];
  if (options.all) {
    covered = generatedApplications(root, options.to)
      .filter(isApp)
      .map((app) => app.name);
  } else {
    const unknown = options.apps.filter((app) => !sourceApps.includes(app));
    if (unknown.length > 0) {
      throw new ConfigError(
        { cluster: source, field: '--app' },
        `${unknown.map((app) => `"${app}"`).join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not run in ${source} (${unitPath(source, ARGOCD_FOLDER)}); apps there: ${sourceApps.join(', ')}`,
      );
    }
    covered = [...new Set(options.apps)];
  }
  covered.sort(byCodePoint);
  const platform = options.platform
    ? sourceApplications
        .filter((app) => app.project === PLATFORM_PROJECT && app.path !== undefined)
        .map((app) => app.name)
        .sort(byCodePoint)
    : [];

  const file = resolve(root, options.statusesFile);
  if (!existsSync(file)) {
    throw new ConfigError(
      { field: '--statuses' },
      `${options.statusesFile} does not exist; write it with gh api repos/{owner}/{repo}/commits/${options.revision}/statuses`,
    );
  }
  const statuses = parseCommitStatuses(readFileSync(file, 'utf8'), options.statusesFile);
  const foreign = statuses.find((status) => status.url !== undefined && !status.url.includes(options.revision));
  if (foreign !== undefined) {
    throw new ConfigError(
      { file: options.statusesFile },
      `status "${foreign.context}" belongs to another commit (${foreign.url}), not ${options.revision}: fetch the statuses of the commit you promote`,
    );
  }
  const bakeMinutes = bakeTimeMinutes(promotion);
  const results = [...covered, ...platform].map((name) =>
    bakeResult(name, commitStatusContext(source, name), statuses, options.now, bakeMinutes),
  );
  return {
    source,
    target: options.to,
    revision: options.revision,
    bakeMinutes,
    results,
    passed: results.every((result) => result.verdict === BakeVerdict.BAKED),
  };
}

function isApp(application: GeneratedApplication): boolean {
  return application.project !== PLATFORM_PROJECT && application.project !== BOOTSTRAP_PROJECT;
}

function generatedApplications(root: string, cluster: string): GeneratedApplication[] {
  const folder = join(root, unitPath(cluster, ARGOCD_FOLDER));
  if (!existsSync(folder)) {
    throw new ConfigError({ cluster }, `${unitPath(cluster, ARGOCD_FOLDER)} does not exist; run npm run synth`);
  }
  return readdirSync(folder)
    .filter((name) => name.startsWith('application-') && name.endsWith('.yaml'))
    .sort(byCodePoint)
    .map((name) => {
      const object = parse(readFileSync(join(folder, name), 'utf8')) as {
        metadata: { name: string };
        spec: { project: string; source: { path?: string } };
      };
      return {
        name: object.metadata.name,
        project: object.spec.project,
        ...(object.spec.source.path === undefined ? {} : { path: object.spec.source.path }),
      };
    });
}
