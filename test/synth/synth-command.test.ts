import { existsSync, lstatSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTree, readTree } from '../../lib/synth/write-tree';
import { copyRepository, REPO_ROOT, runCli, spawnCli } from '../support/repo-copy';

describe('npm run synth', () => {
  it('gives byte-identical output on two runs', async () => {
    const dir = copyRepository();
    rmSync(join(dir, 'generated'), { recursive: true });
    expect((await runCli(dir, 'synth')).status).toBe(0);
    const first = readTree(join(dir, 'generated'));
    expect((await runCli(dir, 'synth')).status).toBe(0);
    expect(readTree(join(dir, 'generated'))).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });

  it('writes what is committed: the committed generated/ is up to date', async () => {
    const dir = copyRepository();
    expect((await runCli(dir, 'synth')).status).toBe(0);
    const difference = compareTree(readTree(join(REPO_ROOT, 'generated')), readTree(join(dir, 'generated')));
    // Paths, not whole trees: a failure names the files (`npm run synth -- --check` prints their patch).
    expect({ ...difference, changed: difference.changed.map((change) => change.path) }).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });

  it('removes the files of an app that a cluster no longer runs', async () => {
    const dir = copyRepository();
    const file = join(dir, 'clusters/staging.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\s*worker: \{\},/, ''));
    const result = await runCli(dir, 'synth');
    expect(result.stderr).toBe('');
    const paths = readTree(join(dir, 'generated')).map((f) => f.path);
    expect(paths.filter((path) => path.startsWith('staging/worker/'))).toEqual([]);
    expect(paths.some((path) => path.startsWith('production/worker/'))).toBe(true);
  });

  it('leaves generated/ untouched when the input is bad, and says what is wrong', async () => {
    const dir = copyRepository();
    const before = readTree(join(dir, 'generated'));
    const pins = join(dir, 'clusters/production.releases.yaml');
    writeFileSync(pins, readFileSync(pins, 'utf8').replace(/tag: "1\.4\.2"/, 'tag: "latest"'));
    const file = join(dir, 'apps/web/index.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2,', "replicas: 2,\n  schedule: '0 * * * *',"));
    const result = await runCli(dir, 'synth');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'clusters/production.releases.yaml: cluster "production", app "gateway": apps.gateway.tag: tag "latest" is not a release',
    );
    expect(readTree(join(dir, 'generated'))).toEqual(before);
  });

  it('reports every input problem at once without a stack trace, and the process exits 1', () => {
    const dir = copyRepository();
    const file = join(dir, 'apps/web/index.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2,', "replicas: 2,\n  schedule: '0 * * * *',"));
    const result = spawnCli(dir, 'synth');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'apps/web/index.ts: app "web": schedule: only cron jobs have a schedule; this app is a web-service',
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('--check fails on a stale or extra file and prints the patch and the command to run', async () => {
    const dir = copyRepository();
    const target = join(dir, 'generated/staging/web/service-web.yaml');
    writeFileSync(target, readFileSync(target, 'utf8').replace('port: 3000', 'port: 3001'));
    writeFileSync(join(dir, 'generated/staging/web/leftover.yaml'), 'kind: ConfigMap\n');
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('stale:    generated/staging/web/leftover.yaml');
    expect(result.stderr).toContain('-      port: 3001\n+      port: 3000');
    expect(result.stderr).toContain('Run `npm run synth` and commit the result.');
    expect(readFileSync(target, 'utf8')).toContain('port: 3001');
  });

  it('refuses an unknown flag or cluster before doing any work', async () => {
    const dir = copyRepository();
    expect((await runCli(dir, 'synth', ['--clutser', 'staging'])).stderr).toContain(
      "synth: Unknown option '--clutser'",
    );
    expect((await runCli(dir, 'synth', ['--cluster', 'prod'])).stderr).toContain(
      'error: cluster "prod": unknown cluster; known clusters: production, staging',
    );
  });

  it('--cluster regenerates one cluster and keeps the others as they are', async () => {
    const dir = copyRepository();
    const other = join(dir, 'generated/production/web/service-web.yaml');
    writeFileSync(other, 'edited by hand\n');
    rmSync(join(dir, 'generated/staging'), { recursive: true });
    expect((await runCli(dir, 'synth', ['--cluster', 'staging'])).status).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe('edited by hand\n');
    expect(readTree(join(dir, 'generated/staging'))).toEqual(readTree(join(REPO_ROOT, 'generated/staging')));
  });
});

describe('npm run synth on user TypeScript that does not load', () => {
  it('reports a throw in an app file as <file>: <message>, without a stack trace', async () => {
    const dir = copyRepository();
    const file = join(dir, 'apps/web/index.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nthrow new Error('boom: SETTING is not set');\n`);
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: apps/web/index.ts: could not be loaded: boom: SETTING is not set\n');
  });

  it('reports a syntax error with the file, line and column, and the process exits 1', () => {
    const dir = copyRepository();
    const file = join(dir, 'clusters/staging.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nconst broken = ;\n`);
    const result = spawnCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^error: clusters\/staging\.ts: could not be loaded: .*clusters\/staging\.ts:\d+:\d+: ERROR: Unexpected ";"\n$/,
    );
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('npm run synth --check and symbolic links under generated/', () => {
  it('fails on a link, whether it adds a path or stands in for a generated file, and synth replaces it', async () => {
    const dir = copyRepository();
    const real = join(dir, 'generated/staging/web/service-web.yaml');
    const copy = join(dir, 'generated/staging/web/service-web.copy.yaml');
    writeFileSync(copy, readFileSync(real, 'utf8'));
    rmSync(real);
    symlinkSync('service-web.copy.yaml', real);
    symlinkSync('../../production/web', join(dir, 'generated/staging/web/linked-folder'));

    const check = await runCli(dir, 'synth', ['--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('stale:    generated/staging/web/linked-folder\n');
    expect(check.stderr).toContain('stale:    generated/staging/web/service-web.copy.yaml\n');
    expect(check.stderr).toContain('-<symbolic link to service-web.copy.yaml>');

    expect((await runCli(dir, 'synth')).status).toBe(0);
    expect(lstatSync(real).isFile()).toBe(true);
    expect(existsSync(join(dir, 'generated/staging/web/linked-folder'))).toBe(false);
  });
});
