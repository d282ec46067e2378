import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleasePins } from '../../lib/model/release-pins';
import { loadProject } from '../../lib/project/load';
import { promote } from '../../lib/release/promote';
import {
  changedBetween,
  editFile,
  PRODUCTION_GATEWAY,
  snapshot,
  STAGING_GATEWAY,
  expectRefusal as expectRefusalOf,
  fixturePin,
  UNCHANGED_APP,
  tempRepos,
  workloadPath,
} from './temp-repo';
import { describePin, type PinUpdate } from '../../lib/release/pin-format';
import { REPOSITORY_APPS, REPOSITORY_CLUSTERS } from '../support/sample';
import { gitInit, runCli, spawnCli } from '../support/repo-copy';

const repo = tempRepos();
/** An update's app and pins, without whether its spec changed too. */
const pinsOnly = ({ app, before, after }: PinUpdate) => ({ app, before, after });
function productionPins(root: string) {
  const file = 'clusters/production.releases.yaml';
  return parseReleasePins(readFileSync(join(root, file), 'utf8'), file, 'production');
}

describe('promote', () => {
  it('copies the chosen pins to the target and changes only its pin file and generated/<target>/', async () => {
    const root = await repo();
    const before = snapshot(root);

    const result = await promote(root, { from: 'staging', to: 'production', apps: ['gateway', 'web'] });

    const changed = changedBetween(before, snapshot(root));
    expect(changed).toEqual([...result.changedPaths]);
    expect(changed).toContain('clusters/production.releases.yaml');
    expect(changed).toContain(workloadPath(root, 'production', 'gateway'));
    // The promoted specs change too when staging's specs of these apps have changed since their last promotion.
    const promotedSpecs = ['gateway', 'web'].map((app) => `clusters/production.promoted/${app}.yaml`);
    expect(
      changed.every(
        (path) =>
          path === 'clusters/production.releases.yaml' ||
          path.startsWith('generated/production/') ||
          promotedSpecs.includes(path),
      ),
    ).toBe(true);
    expect(changed.some((path) => path.startsWith('generated/production/worker/'))).toBe(false);
    expect(productionPins(root).gateway).toEqual(STAGING_GATEWAY);
    expect(productionPins(root).worker).toEqual(fixturePin('production', 'worker'));
    expect(readFileSync(join(root, workloadPath(root, 'production', 'gateway')), 'utf8')).toContain(
      `gateway:${STAGING_GATEWAY.tag}@${STAGING_GATEWAY.digest}`,
    );
    // `specChanged` depends on whether staging's specs changed since their last promotion: not asserted here.
    expect(result.updates.map(pinsOnly)).toEqual([
      { app: 'gateway', before: PRODUCTION_GATEWAY, after: STAGING_GATEWAY },
      { app: 'web', before: fixturePin('production', 'web'), after: fixturePin('staging', 'web') },
    ]);
    expect(result.written).toBe(true);
  });

  it('writes exactly what npm run synth would write (the check passes afterwards)', async () => {
    const root = await repo();
    // Every app (in a copy whose code is linked, not committed, the platform cannot be promoted: see
    // platform-revision.test.ts for --all and --platform).
    const production = (await loadProject(root)).clusters.find((cluster) => cluster.definition.name === 'production');
    await promote(root, { from: 'staging', to: 'production', apps: Object.keys(production!.definition.apps ?? {}) });
    const check = await runCli(root, 'synth', ['--check']);
    expect(check.stdout + check.stderr).toContain('generated/ is up to date');
    expect(check.status).toBe(0);
  });

  it('writes nothing in a dry run, but reports what would change', async () => {
    const root = await repo();
    const before = snapshot(root);
    const result = await promote(root, { from: 'staging', to: 'production', apps: ['gateway'], dryRun: true });
    expect(changedBetween(before, snapshot(root))).toEqual([]);
    expect(result.written).toBe(false);
    expect(result.changedPaths).toContain('clusters/production.releases.yaml');
  });

  it('says there is nothing to promote, and writes nothing, when the target already runs the versions', async () => {
    const root = await repo();
    const before = snapshot(root);
    const result = await promote(root, { from: 'staging', to: 'production', apps: [UNCHANGED_APP] });
    expect(result).toMatchObject({ changedPaths: [], written: false });
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });

  it('is idempotent: a second identical promotion has nothing to do', async () => {
    const root = await repo();
    await promote(root, { from: 'staging', to: 'production', apps: ['gateway', 'web'] });
    const afterFirst = snapshot(root);
    const second = await promote(root, { from: 'staging', to: 'production', apps: ['gateway', 'web'] });
    expect(second.changedPaths).toEqual([]);
    expect(changedBetween(afterFirst, snapshot(root))).toEqual([]);
  });

  describe('refuses, writing nothing', () => {
    const expectRefusal = (root: string, options: Parameters<typeof promote>[1], message: string) =>
      expectRefusalOf(root, () => promote(root, options), message);

    it('an unknown cluster', async () => {
      await expectRefusal(
        await repo(),
        { from: 'staging', to: 'no-such-cluster', apps: ['gateway'] },
        `cluster "no-such-cluster": --to: unknown cluster; known clusters: ${REPOSITORY_CLUSTERS.join(', ')} (each is a file clusters/<name>.ts)`,
      );
    });

    it('an unknown app', async () => {
      await expectRefusal(
        await repo(),
        { from: 'staging', to: 'production', apps: ['gateway', 'gatewya'] },
        `app "gatewya": --app: unknown app; known apps: ${REPOSITORY_APPS.join(', ')}`,
      );
    });

    it('an app that is not enabled in the target', async () => {
      const root = await repo();
      editFile(root, 'clusters/production.ts', (text) => text.replace(/^ {4}report: .*\n/m, ''));
      await expectRefusal(
        root,
        { from: 'staging', to: 'production', apps: ['report'] },
        'clusters/production.ts: cluster "production", app "report": not enabled in this cluster; add it to "apps" in clusters/production.ts, then run this promote again and commit both in one pull request',
      );
    });

    it('a source pin without a digest', async () => {
      const root = await repo();
      editFile(root, 'clusters/staging.releases.yaml', (text) =>
        text.replace(/(worker:\n {4}tag: "[^"]+")\n {4}digest: "[^"]+"/, '$1'),
      );
      await expectRefusal(
        root,
        { from: 'staging', to: 'production', apps: ['worker'] },
        `clusters/staging.releases.yaml: app "worker": apps.worker.digest: pin "${fixturePin('staging', 'worker').tag}" has no digest; only images pinned by digest are promoted (release it with --digest sha256:...)`,
      );
    });

    it('flags that do not fit together, before reading anything', async () => {
      await expectRefusal(
        await repo(),
        { to: 'production', apps: ['gateway'], tag: '1.0.1' },
        '--digest: missing: an explicit version needs its digest (sha256:...)',
      );
      await expectRefusal(
        await repo(),
        { from: 'staging', to: 'production' },
        '--app: missing: what to promote: --app gateway,web, --platform, or --all (every app and the platform)',
      );
      await expectRefusal(
        await repo(),
        { from: 'staging', to: 'staging', all: true },
        '--from: "staging" is both source and target',
      );
      await expectRefusal(
        await repo(),
        { to: 'production', apps: ['gateway'], platform: true, ...PRODUCTION_GATEWAY },
        '--platform: an explicit --tag/--digest is an image; promote the platform with --from or --from-ref',
      );
      await expectRefusal(
        await repo(),
        { from: 'staging', to: 'production', all: true, platform: true },
        '--platform: --all includes the platform already',
      );
    });

    it('--platform for a cluster that is not gated', async () => {
      await expectRefusal(
        await repo(),
        { from: 'production', to: 'staging', platform: true },
        'clusters/staging.ts: cluster "staging": --platform: the cluster is not gated: it renders with the generator of the working tree; --platform applies to clusters with "promotion"',
      );
    });

    it('a target that cannot be generated (the whole promotion is rolled back)', async () => {
      const root = await repo();
      editFile(root, 'clusters/production.ts', (text) =>
        text.replace("awsRegion: 'eu-west-1'", "awsRegion: 'eu-west'"),
      );
      await expectRefusal(
        root,
        { from: 'staging', to: 'production', apps: ['gateway'] },
        'clusters/production.ts: cluster "production": awsRegion: "eu-west" is not an AWS region',
      );
    });

    it('a failure while writing generated/<target>/ (after the pin file): the old files are put back', async () => {
      const root = await repo();
      const before = snapshot(root);
      await expect(
        promote(root, { from: 'staging', to: 'production', apps: ['gateway'] }, { fault: 'applying:throw' }),
      ).rejects.toThrow('GITOPS_FAULT: injected failure at "applying"');
      expect(changedBetween(before, snapshot(root))).toEqual([]);
      expect(existsSync(join(root, '.cache/gitops/transaction'))).toBe(false);
      expect(existsSync(join(root, '.cache/gitops/lock'))).toBe(false);
    });
  });

  describe('rollback', () => {
    function git(root: string, ...args: string[]): string {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    }

    it('takes the pin the target had at a git ref', async () => {
      const root = await repo(); // a git repository with everything committed (copyRepository)
      const released = snapshot(root);
      await promote(root, { from: 'staging', to: 'production', apps: ['gateway'] });
      git(root, 'add', '-A');
      git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'promote');
      expect(productionPins(root).gateway).toEqual(STAGING_GATEWAY);

      const result = await promote(root, { to: 'production', apps: ['gateway'], fromRef: 'HEAD~1' });

      expect(result.source).toBe('production at HEAD~1');
      expect(result.updates.map(pinsOnly)).toEqual([
        { app: 'gateway', before: STAGING_GATEWAY, after: PRODUCTION_GATEWAY },
      ]);
      expect(changedBetween(released, snapshot(root))).toEqual([]);
    });

    it('refuses a ref that does not exist', async () => {
      const root = await repo();
      git(root, 'init', '--quiet');
      await expect(promote(root, { to: 'production', apps: ['gateway'], fromRef: 'v999' })).rejects.toThrow(
        'clusters/production.releases.yaml: cluster "production": cannot read the pins at git ref "v999": fatal:',
      );
    });

    it('takes an explicit tag and digest', async () => {
      const root = await repo();
      await promote(root, { from: 'staging', to: 'production', apps: ['gateway'] });
      gitInit(root); // merged: a promotion refuses to overwrite uncommitted promoted files
      const result = await promote(root, { to: 'production', apps: ['gateway'], ...PRODUCTION_GATEWAY });
      expect(result.updates.map(pinsOnly)).toEqual([
        { app: 'gateway', before: STAGING_GATEWAY, after: PRODUCTION_GATEWAY },
      ]);
      expect(productionPins(root).gateway).toEqual(PRODUCTION_GATEWAY);
    });
  });

  describe('command line', () => {
    const run = (root: string, ...args: string[]) => runCli(root, 'promote', args);

    it('prints app: old -> new, writes the Markdown summary and exits 0', async () => {
      const root = await repo();
      const summary = join(root, 'summary.md');
      const result = await run(
        root,
        '--from',
        'staging',
        '--to',
        'production',
        '--app',
        `gateway,${UNCHANGED_APP}`,
        '--summary-file',
        summary,
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Promote staging -> production:\n');
      expect(result.stdout).toContain(
        // followed by ", spec changed" when staging's gateway spec changed since its last promotion
        `  gateway: ${PRODUCTION_GATEWAY.tag} (${PRODUCTION_GATEWAY.digest.slice(0, 19)}) -> ${STAGING_GATEWAY.tag} (${STAGING_GATEWAY.digest.slice(0, 19)})`,
      );
      expect(result.stdout).toContain(
        `  ${UNCHANGED_APP}:  ${describePin(fixturePin('production', UNCHANGED_APP))} (unchanged)\n`,
      );
      expect(result.stdout).toContain('  clusters/production.releases.yaml\n');
      const markdown = readFileSync(summary, 'utf8');
      expect(markdown).toContain('## Promote staging -> production\n');
      expect(markdown).toContain(
        `| gateway | \`${PRODUCTION_GATEWAY.tag}\` \`${PRODUCTION_GATEWAY.digest}\` | \`${STAGING_GATEWAY.tag}\` \`${STAGING_GATEWAY.digest}\``,
      );
      expect(markdown).toContain(`| ${UNCHANGED_APP} | \`${fixturePin('production', UNCHANGED_APP).tag}\``);
    });

    it('says nothing is to promote and exits 0', async () => {
      const result = await run(await repo(), '--from', 'staging', '--to', 'production', '--app', UNCHANGED_APP);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Nothing to promote: production already runs these versions. Nothing written.');
    });

    it('prints refusals without a stack trace and the process exits 1', async () => {
      const result = spawnCli(await repo(), 'promote', ['--from', 'staging', '--to', 'no-such-cluster', '--all']);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        `error: cluster "no-such-cluster": --to: unknown cluster; known clusters: ${REPOSITORY_CLUSTERS.join(', ')} (each is a file clusters/<name>.ts)`,
      );
    });
  });

  describe('command line refusals, writing nothing', () => {
    const run = (root: string, ...args: string[]) => runCli(root, 'promote', args);
    const git = (root: string, ...args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    async function committedRepo(): Promise<string> {
      const root = await repo();
      gitInit(root);
      return root;
    }
    async function expectCliRefusal(root: string, args: string[], message: string): Promise<void> {
      const before = snapshot(root);
      const result = await run(root, ...args);
      expect(result.stderr).toBe(`error: ${message}\n`);
      expect(result.status).toBe(1);
      expect(changedBetween(before, snapshot(root))).toEqual([]);
    }
    const PROMOTE = ['--from', 'staging', '--to', 'production', '--app', 'gateway'];

    it('a --summary-file that is a file of the repository (the pin file it writes)', async () => {
      await expectCliRefusal(
        await committedRepo(),
        [...PROMOTE, '--summary-file', 'clusters/production.releases.yaml'],
        `--summary-file: "clusters/production.releases.yaml": is in the repository's clusters/ folder; write the summary outside the repository (for example "$RUNNER_TEMP/promotion.md") or to an untracked file`,
      );
    });

    it('a --summary-file that git tracks', async () => {
      await expectCliRefusal(
        await committedRepo(),
        [...PROMOTE, '--summary-file', 'package.json'],
        `--summary-file: "package.json": is a file tracked by git; write the summary outside the repository (for example "$RUNNER_TEMP/promotion.md") or to an untracked file`,
      );
    });

    it('a --summary-file in a folder that does not exist, before anything is written', async () => {
      const root = await repo();
      await expectCliRefusal(
        root,
        [...PROMOTE, '--summary-file', 'missing/summary.md'],
        `--summary-file: "missing/summary.md": folder ${join(root, 'missing')} does not exist`,
      );
    });

    it('--dry-run writes no summary file either', async () => {
      const root = await repo();
      const before = snapshot(root);
      const result = await run(root, ...PROMOTE, '--dry-run', '--summary-file', 'summary.md');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Dry run: the summary was not written to summary.md.\n');
      expect(existsSync(join(root, 'summary.md'))).toBe(false);
      expect(changedBetween(before, snapshot(root))).toEqual([]);
    });

    it('uncommitted pin edits of other apps in the target pin file', async () => {
      const root = await committedRepo();
      editFile(root, 'clusters/production.releases.yaml', (text) =>
        text.replace(fixturePin('production', 'worker').tag, '1.0.9'),
      );
      await expectCliRefusal(
        root,
        PROMOTE,
        'cluster "production": the promotion would overwrite uncommitted changes in clusters/production.releases.yaml; commit them or set them aside (git stash), then promote again',
      );
      expect(git(root, 'status', '--porcelain')).toBe(' M clusters/production.releases.yaml\n');
    });

    it('hand edits under generated/<target>/', async () => {
      const root = await committedRepo();
      editFile(root, 'generated/production/web/service-web.yaml', (text) => `${text}# hand edit\n`);
      await expectCliRefusal(
        root,
        PROMOTE,
        'cluster "production": the promotion would overwrite uncommitted changes in generated/production/web/service-web.yaml; commit them or set them aside (git stash), then promote again',
      );
    });

    it('a flag that takes one value given twice (a usage error, exit 2)', async () => {
      const root = await repo();
      const before = snapshot(root);
      const result = await run(root, '--from', 'staging', '--to', 'staging', '--to', 'production', '--all');
      expect(result.stderr).toBe(
        'error: promote: --to given 2 times ("staging", "production"); it takes one value: give it once\nRun `npm run promote -- --help` for its usage.\n',
      );
      expect(result.status).toBe(2);
      expect(changedBetween(before, snapshot(root))).toEqual([]);
    });
  });
});
