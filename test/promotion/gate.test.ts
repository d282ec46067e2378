import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_PROJECT } from '../../lib/argocd/defaults';
import { commitStatusContext } from '../../lib/argocd/notifications';
import { bakeTimeMinutes, MAX_BAKE_TIME_MINUTES, type ClusterDefinition } from '../../lib/model/cluster';
import { byCodePoint } from '../../lib/order';
import { loadProject, type Project } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { REPO_ROOT, runCli } from '../support/repo-copy';
import type { AwsClusterDefinition } from '../../lib/model/cluster';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const NOW = new Date('2026-12-01T12:00:00Z');

let project: Project;
let target: ClusterDefinition;
let source: string;
let bake: number;
let sourceApps: string[];
let targetApps: string[];
let platform: string[];
let dir: string;

/** The Applications of generated/<cluster>/argocd of this repository: [name, project, path]. */
function applications(cluster: string): { name: string; project: string; path?: string }[] {
  const folder = join(REPO_ROOT, 'generated', cluster, 'argocd');
  return readdirSync(folder)
    .filter((file) => file.startsWith('application-'))
    .map((file) => parse(readFileSync(join(folder, file), 'utf8')) as Record<string, any>) // eslint-disable-line @typescript-eslint/no-explicit-any
    .map((app) => ({ name: app.metadata.name, project: app.spec.project, path: app.spec.source.path }));
}

beforeAll(async () => {
  project = await loadProject(REPO_ROOT);
  target = project.clusters.find((cluster) => cluster.definition.promotion !== undefined)!.definition;
  source = target.promotion!.from;
  bake = bakeTimeMinutes(target.promotion!);
  const isApp = (app: { project: string }) => app.project !== PLATFORM_PROJECT && app.project !== 'bootstrap';
  sourceApps = applications(source)
    .filter(isApp)
    .map((app) => app.name)
    .sort();
  targetApps = applications(target.name)
    .filter(isApp)
    .map((app) => app.name)
    .sort();
  platform = applications(source)
    .filter((app) => app.project === PLATFORM_PROJECT && app.path !== undefined)
    .map((app) => app.name)
    .sort();
  expect(sourceApps.length).toBeGreaterThan(1);
  expect(platform.length).toBeGreaterThan(0);
  dir = mkdtempSync(join(tmpdir(), 'gate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A statuses file as gh api writes it (newest first), one status per [app, state, minutes before NOW]. */
function statusesFile(name: string, entries: readonly [string, string, number][], sha = SHA): string {
  const statuses = entries
    .map(([app, state, minutesAgo], index) => ({
      url: `https://api.github.com/repos/acme/platform-gitops/statuses/${sha}`,
      id: index + 1,
      state,
      context: commitStatusContext(source, app),
      created_at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace('.000', ''),
      updated_at: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace('.000', ''),
    }))
    .sort((a, b) => byCodePoint(b.created_at, a.created_at));
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(statuses));
  return file;
}

function gate(file: string, selection: string[], extra: string[] = []) {
  return runCli(REPO_ROOT, 'promotion-gate', [
    '--to',
    target.name,
    '--revision',
    SHA,
    '--statuses',
    file,
    '--now',
    NOW.toISOString(),
    ...selection,
    ...extra,
  ]);
}

describe('npm run promotion:gate', () => {
  it('passes when every app the promotion covers has been Synced and Healthy for the bake time', async () => {
    const file = statusesFile(
      'baked.json',
      targetApps.map((app) => [app, 'success', bake + 5]),
    );
    const result = await gate(file, ['--all']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const app of targetApps)
      expect(result.stdout).toContain(`  ${app}: baked: Synced and Healthy for ${bake + 5} min`);
    expect(result.stdout).toContain(`Gate passed: ${targetApps.length} of ${targetApps.length} baked on ${source}.`);
    expect(result.stdout).toContain(`bake time ${bake} min`);
  });

  it('refuses naming each app not baked long enough, degraded, failed to sync or never reported', async () => {
    const [baking, degraded, failed, silent] = [sourceApps[0]!, sourceApps[1]!, sourceApps[2], sourceApps[3]];
    const entries: [string, string, number][] = [
      [baking, 'success', bake > 0 ? bake - 1 : 0],
      [degraded, 'success', bake + 60],
      [degraded, 'failure', 2],
    ];
    if (failed !== undefined) entries.push([failed, 'error', 1]);
    const file = statusesFile('mixed.json', entries);
    const apps = [
      baking,
      degraded,
      ...(failed === undefined ? [] : [failed]),
      ...(silent === undefined ? [] : [silent]),
    ];
    const result = await gate(file, ['--app', apps.join(',')]);
    expect(result.status).toBe(1);
    if (bake > 0) {
      expect(result.stderr).toContain(
        `  ${baking}: not baked long enough: Synced and Healthy for ${bake - 1} of ${bake} min`,
      );
    }
    expect(result.stderr).toContain(`  ${degraded}: degraded: its latest status (`);
    if (failed !== undefined) expect(result.stderr).toContain(`  ${failed}: sync failed: its latest status (`);
    if (silent !== undefined) {
      expect(result.stderr).toContain(`  ${silent}: never reported: Argo CD posted no status for it on this commit`);
    }
    expect(result.stderr).toMatch(new RegExp(`Gate refused: \\d+ of ${apps.length} not baked on ${source} \\(`));
    expect(result.stderr).toContain('promote with force and a written reason');
  });

  it('with --platform also covers every platform component of the source', async () => {
    const file = statusesFile('platform.json', [[sourceApps[0]!, 'success', bake + 1]]);
    const result = await gate(file, ['--app', sourceApps[0]!, '--platform']);
    expect(result.status).toBe(1);
    for (const component of platform) expect(result.stderr).toContain(`  ${component}: never reported`);
    expect(result.stdout).toContain(`  ${sourceApps[0]}: baked`);
  });

  it('refuses statuses of another commit', async () => {
    const file = statusesFile('other.json', [[sourceApps[0]!, 'success', bake + 1]], 'f'.repeat(40));
    const result = await gate(file, ['--app', sourceApps[0]!]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`belongs to another commit`);
    expect(result.stderr).toContain(`not ${SHA}: fetch the statuses of the commit you promote`);
  });

  it('refuses bad input before reading any status, naming the flag', async () => {
    const file = statusesFile('any.json', []);
    const cases: [string[], string][] = [
      [['--app', 'no-such-app'], `error: cluster "${source}": --app: "no-such-app" does not run in ${source}`],
      [[], 'error: say what the promotion covers: --app <app[,app]>, --all or --platform'],
      [['--all', '--app', sourceApps[0]!], 'error: --app and --all exclude each other'],
      [['--all', '--from', target.name], `not "${target.name}": run the gate with --from ${source}`],
    ];
    for (const [args, message] of cases) {
      const result = await gate(file, args);
      expect({ args, status: result.status }).toEqual({ args, status: 1 });
      expect(result.stderr).toContain(message);
    }
    const ungated = await runCli(REPO_ROOT, 'promotion-gate', [
      '--to',
      source,
      '--revision',
      SHA,
      '--statuses',
      file,
      '--all',
    ]);
    expect(ungated.stderr).toContain(`cluster "${source}": the cluster is not gated`);
    const badSha = await runCli(REPO_ROOT, 'promotion-gate', [
      '--to',
      target.name,
      '--revision',
      'main',
      '--statuses',
      file,
      '--all',
    ]);
    expect(badSha.stderr).toContain('--revision: "main" is not a commit SHA');
    const badNow = await runCli(REPO_ROOT, 'promotion-gate', [
      '--to',
      target.name,
      '--revision',
      SHA,
      '--statuses',
      file,
      '--all',
      '--now',
      'soon',
    ]);
    expect(badNow.stderr).toContain('error: --now: "soon" is not an ISO 8601 time');
    const twice = await runCli(REPO_ROOT, 'promotion-gate', ['--to', target.name, '--to', source]);
    expect(twice.status).toBe(2);
  });
});

describe('promotion.bakeTimeMinutes', () => {
  it.each([-1, 2.5, MAX_BAKE_TIME_MINUTES + 1])('refuses %s, naming the cluster file and the field', (value) => {
    const clusters = project.clusters.map((cluster) =>
      cluster.definition.name === target.name
        ? {
            ...cluster,
            definition: {
              ...(cluster.definition as AwsClusterDefinition),
              promotion: { ...target.promotion!, bakeTimeMinutes: value },
            },
          }
        : cluster,
    );
    expect(() => resolveProject({ ...project, clusters })).toThrow(
      `clusters/${target.name}.ts: cluster "${target.name}": promotion.bakeTimeMinutes: ${value} must be a whole number of minutes from 0 to ${MAX_BAKE_TIME_MINUTES} (a week)`,
    );
  });
});
