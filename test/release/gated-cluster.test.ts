import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { codeDigest, workingBlobs } from '../../lib/platform-revision/content-match';
import { CODE_ROOT, rendererPaths } from '../../lib/platform-revision/renderer-paths';
import { promote } from '../../lib/release/promote';
import { readTree } from '../../lib/synth/write-tree';
import { gitInit, runCli } from '../support/repo-copy';
import { changedBetween, editFile, snapshot, tempRepos } from './temp-repo';

const repo = tempRepos();
const SPEC = 'clusters/production.promoted/web.yaml';
const CONFIG = 'configmap-web-config.yaml';
const PLATFORM_LOCK = 'clusters/production.promoted/platform.yaml';
/** A change of web's own spec, as a developer's pull request makes it. */
const addFeatureFlag = (root: string) =>
  editFile(root, 'apps/web/index.ts', (text) =>
    text.replace("NODE_ENV: 'production',", "NODE_ENV: 'production', FEATURE_X: 'enabled',"),
  );
const promotedConfig = (root: string) =>
  (parse(readFileSync(join(root, SPEC), 'utf8')) as { spec: { config: Record<string, string> } }).spec.config;

describe('a gated cluster (production: promotion.from staging)', () => {
  it('renders its promoted specs, not apps/: a spec change reaches staging at once and production not at all', async () => {
    const root = await repo();
    const production = readTree(join(root, 'generated/production'));
    addFeatureFlag(root);

    const synth = await runCli(root, 'synth');

    expect(synth.status).toBe(0);
    expect(readFileSync(join(root, 'generated/staging/web', CONFIG), 'utf8')).toContain('FEATURE_X: enabled');
    expect(readTree(join(root, 'generated/production'))).toEqual(production);
  });

  it('takes the spec along with the image when the app is promoted, and says so', async () => {
    const root = await repo();
    addFeatureFlag(root);
    expect((await runCli(root, 'synth')).status).toBe(0);
    const before = snapshot(root);

    const result = await runCli(root, 'promote', ['--from', 'staging', '--to', 'production', '--app', 'web']);

    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^ {2}web: 1\.0\.0 \(sha256:[0-9a-f]{12}\) -> 2\.0\.0 \(sha256:[0-9a-f]{12}\), spec changed$/m,
    );
    const changed = changedBetween(before, snapshot(root));
    expect(changed).toContain(SPEC);
    expect(changed).toContain('clusters/production.releases.yaml');
    expect(changed).toContain(`generated/production/web/${CONFIG}`);
    expect(
      changed.every((path) => path.startsWith('clusters/production.') || path.startsWith('generated/production/web/')),
    ).toBe(true);
    expect(promotedConfig(root)).toMatchObject({ FEATURE_X: 'enabled' });
    expect(readFileSync(join(root, 'generated/production/web', CONFIG), 'utf8')).toContain('FEATURE_X: enabled');
    expect((await runCli(root, 'synth', ['--check'])).status).toBe(0);
  });

  it('rolls the spec back with the pin from a git ref', async () => {
    const root = await repo();
    addFeatureFlag(root);
    expect((await runCli(root, 'synth')).status).toBe(0);
    gitInit(root);
    const original = readFileSync(join(root, SPEC), 'utf8');
    await promote(root, { from: 'staging', to: 'production', apps: ['web'] });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'promote web');

    const result = await promote(root, { to: 'production', apps: ['web'], fromRef: 'HEAD~1' });

    expect(result.updates).toMatchObject([{ app: 'web', specChanged: true }]);
    expect(readFileSync(join(root, SPEC), 'utf8')).toBe(original);
    expect(readFileSync(join(root, 'generated/production/web', CONFIG), 'utf8')).not.toContain('FEATURE_X');
  });

  it('refuses to render an app it runs that has no promoted spec', async () => {
    const root = await repo();
    rmSync(join(root, 'clusters/production.promoted/worker.yaml'));
    const result = await runCli(root, 'synth', ['--check']);
    expect(result.status).toBe(1);
    // Whichever generator renders production (this one, or the one at its platform revision) says it.
    expect(result.stderr).toContain(
      'error: clusters/production.promoted/worker.yaml: cluster "production", app "worker": no promoted spec: cluster "production" is gated; promote the app in the same pull request: npm run promote -- --from staging --to production --app worker',
    );
  });

  it('refuses a promoted spec of an app it does not run', async () => {
    const root = await repo();
    editFile(root, 'clusters/production.ts', (text) => text.replace(/^ {4}report: .*\n/m, ''));
    const result = await runCli(root, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'clusters/production.promoted/report.yaml: cluster "production", app "report": the app is not enabled in clusters/production.ts; delete this file in the pull request that removes the app',
    );
  });

  it('refuses to render without a platform revision, naming the command that records it', async () => {
    const root = await repo();
    rmSync(join(root, PLATFORM_LOCK));
    const result = await runCli(root, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${PLATFORM_LOCK}: cluster "production": no platform revision: the cluster is gated, so the generator and platform code that render it are promoted too; record what staging renders with: npm run promote -- --from staging --to production --platform\n`,
    );
  });

  it('refuses a platform revision that is not a commit of the repository', async () => {
    const root = await repo();
    const missing = 'deadbeef'.repeat(5);
    // Without a code digest, only the commit can tell which generator renders the cluster.
    editFile(root, PLATFORM_LOCK, (text) =>
      text.replace(/^revision: .*$/m, `revision: ${missing}`).replace(/^codeDigest: .*\n/m, ''),
    );
    const result = await runCli(root, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${PLATFORM_LOCK}: cluster "production": revision: ${missing} is not a commit of this repository (in a shallow clone, fetch the history: git fetch --unshallow; in CI: actions/checkout with fetch-depth: 0); to render with what staging runs: npm run promote -- --from staging --to production --platform\n`,
    );
  });

  it('renders in process without the commit (a shallow clone) when the code digest matches the code on disk', async () => {
    const root = await repo();
    const missing = 'deadbeef'.repeat(5);
    // The digest of the code this test runs (the copy links it), recorded with a revision the clone lacks.
    const digest = codeDigest(workingBlobs(CODE_ROOT, rendererPaths(root, 'clusters/production.ts')));
    editFile(root, PLATFORM_LOCK, (text) =>
      text
        .replace(/^revision: .*$/m, `revision: ${missing}`)
        .replace(/^codeDigest: .*$/m, '')
        .concat(`codeDigest: ${digest}\n`),
    );
    const result = await runCli(root, 'synth', ['--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('summarizes per app: image old -> new, spec keys added, changed and removed, then the resource diff', async () => {
    const root = await repo();
    let memory = 0;
    editFile(root, 'apps/web/index.ts', (text) =>
      text
        .replace("NODE_ENV: 'production',", "NODE_ENV: 'production', FEATURE_X: 'enabled',")
        .replace(/memoryLimitMi: (\d+)/, (_, value: string) => {
          memory = Number(value);
          return `memoryLimitMi: ${memory * 2}`;
        })
        .replace(/\n\s*slo: \{[^}]*\},/, ''),
    );
    expect(memory).toBeGreaterThan(0);
    expect((await runCli(root, 'synth')).stderr).toBe('');
    const summary = join(root, 'summary.md');

    const result = await runCli(root, 'promote', [
      ...['--from', 'staging', '--to', 'production', '--app', 'web', '--summary-file', summary],
    ]);

    expect(result.stderr).toBe('');
    const details = result.stdout.slice(result.stdout.indexOf('\nweb:\n'));
    expect(details).toMatch(
      /^web:\n {2}image: 1\.0\.0 \(sha256:[0-9a-f]{12}\) -> 2\.0\.0 \(sha256:[0-9a-f]{12}\)\n {2}spec:\n/m,
    );
    expect(details).toContain('    added config.FEATURE_X: enabled\n');
    expect(details).toContain(`    changed resources.memoryLimitMi: ${memory} -> ${memory * 2}\n`);
    expect(details).toMatch(/^ {4}removed slo \(was \{"availabilityPercent":[\d.]+\}\)$/m);
    expect(details).toContain('  resources:\n');
    expect(details).toContain('    changed ConfigMap web/web-config\n      data.FEATURE_X: (none) -> enabled\n');
    expect(details).toMatch(/^ {4}changed Deployment web\/web\n/m);
    expect(details).toMatch(
      /^ {6}spec\.template\.spec\.containers\[web\]\.image: \S+:1\.0\.0@sha256:\S+ -> \S+:2\.0\.0@/m,
    );
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain('### web\n');
    expect(markdown).toContain('- `added config.FEATURE_X: enabled`\n');
    expect(markdown).toContain(`- \`changed resources.memoryLimitMi: ${memory} -> ${memory * 2}\`\n`);
    expect(markdown).toContain('<details><summary>Resource changes</summary>');
  });
});
