import { existsSync, lstatSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTree, readTree } from '../../lib/synth/write-tree';
import { parseReleasePins } from '../../lib/model/release-pins';
import { copyRepository, REPO_ROOT, runCli, spawnCli } from '../support/repo-copy';
import { REPOSITORY_CLUSTERS } from '../support/sample';
import { sampleTargets, withSchedule } from '../support/sample-targets';

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
    const { cluster, clusterFile, otherCluster, sharedApp } = await sampleTargets();
    const dir = copyRepository();
    const file = join(dir, clusterFile);
    const entry = new RegExp(`\\n\\s*['"]?${sharedApp}['"]?: \\{\\},`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(entry, ''));
    const result = await runCli(dir, 'synth');
    // Its pin stays until removed (test/project/stale-pins.test.ts): a warning, no error.
    expect(result.stderr).toMatch(/^warning: [^\n]*npm run release -- --remove [^\n]*\n$/);
    const paths = readTree(join(dir, 'generated')).map((f) => f.path);
    expect(paths.filter((path) => path.startsWith(`${cluster}/${sharedApp}/`))).toEqual([]);
    expect(paths.some((path) => path.startsWith(`${otherCluster}/${sharedApp}/`))).toBe(true);
  });

  it('leaves generated/ untouched when the input is bad, and says what is wrong', async () => {
    const { appFile, cluster } = await sampleTargets();
    const dir = copyRepository();
    const before = readTree(join(dir, 'generated'));
    const pins = join(dir, `clusters/${cluster}.releases.yaml`);
    const text = readFileSync(pins, 'utf8');
    const firstApp = Object.keys(parseReleasePins(text, 'pins', cluster))[0]!;
    writeFileSync(pins, text.replace(/tag: "[^"]+"/, 'tag: "latest"'));
    const file = join(dir, appFile);
    writeFileSync(file, withSchedule(readFileSync(file, 'utf8')));
    const result = await runCli(dir, 'synth');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `clusters/${cluster}.releases.yaml: cluster "${cluster}", app "${firstApp}": apps.${firstApp}.tag: tag "latest" is not a release`,
    );
    expect(readTree(join(dir, 'generated'))).toEqual(before);
  });

  it('reports every input problem at once without a stack trace, and the process exits 1', async () => {
    const { app, appFile } = await sampleTargets();
    const dir = copyRepository();
    const file = join(dir, appFile);
    writeFileSync(file, withSchedule(readFileSync(file, 'utf8')));
    const result = spawnCli(dir, 'synth');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${appFile}: app "${app}": schedule: only cron jobs have a schedule; this app is a web-service`,
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('--check fails on a stale or extra file and prints the patch and the command to run', async () => {
    const { serviceFile, servicePort } = await sampleTargets();
    const dir = copyRepository();
    const target = join(dir, serviceFile);
    const leftover = join(dirname(serviceFile), 'leftover.yaml');
    writeFileSync(target, readFileSync(target, 'utf8').replace(`port: ${servicePort}`, `port: ${servicePort + 1}`));
    writeFileSync(join(dir, leftover), 'kind: ConfigMap\n');
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`stale:    ${leftover}`);
    expect(result.stderr).toContain(`-      port: ${servicePort + 1}\n+      port: ${servicePort}`);
    expect(result.stderr).toContain('Run `npm run synth` and commit the result.');
    expect(readFileSync(target, 'utf8')).toContain(`port: ${servicePort + 1}`);
  });

  it('refuses an unknown flag or cluster before doing any work', async () => {
    const dir = copyRepository();
    expect((await runCli(dir, 'synth', ['--clutser', 'staging'])).stderr).toContain(
      "synth: Unknown option '--clutser'",
    );
    expect((await runCli(dir, 'synth', ['--cluster', 'no-such-cluster'])).stderr).toContain(
      `error: cluster "no-such-cluster": unknown cluster; known clusters: ${REPOSITORY_CLUSTERS.join(', ')}`,
    );
  });

  it('--cluster regenerates one cluster and keeps the others as they are', async () => {
    const { cluster, otherCluster } = await sampleTargets();
    const dir = copyRepository();
    const other = join(dir, 'generated', otherCluster, readTree(join(dir, 'generated', otherCluster))[0]!.path);
    writeFileSync(other, 'edited by hand\n');
    rmSync(join(dir, 'generated', cluster), { recursive: true });
    expect((await runCli(dir, 'synth', ['--cluster', cluster])).status).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe('edited by hand\n');
    expect(readTree(join(dir, 'generated', cluster))).toEqual(readTree(join(REPO_ROOT, 'generated', cluster)));
  });
});

describe('npm run synth on user TypeScript that does not load', () => {
  it('reports a throw in an app file as <file>: <message>, without a stack trace', async () => {
    const { appFile } = await sampleTargets();
    const dir = copyRepository();
    const file = join(dir, appFile);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nthrow new Error('boom: SETTING is not set');\n`);
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: ${appFile}: could not be loaded: boom: SETTING is not set\n`);
  });

  it('reports a syntax error with the file, line and column, and the process exits 1', async () => {
    const { clusterFile } = await sampleTargets();
    const dir = copyRepository();
    const file = join(dir, clusterFile);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nconst broken = ;\n`);
    const result = spawnCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: ${clusterFile}: could not be loaded: .*${clusterFile}:\\d+:\\d+: ERROR: Unexpected ";"\\n$`),
    );
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('npm run synth --check and symbolic links under generated/', () => {
  it('fails on a link, whether it adds a path or stands in for a generated file, and synth replaces it', async () => {
    const { serviceFile, otherCluster } = await sampleTargets();
    const folder = dirname(serviceFile);
    const dir = copyRepository();
    const real = join(dir, serviceFile);
    writeFileSync(join(dir, folder, 'copy.yaml'), readFileSync(real, 'utf8'));
    rmSync(real);
    symlinkSync('copy.yaml', real);
    symlinkSync(join(dir, 'generated', otherCluster), join(dir, folder, 'linked-folder'));

    const check = await runCli(dir, 'synth', ['--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`stale:    ${folder}/linked-folder\n`);
    expect(check.stderr).toContain(`stale:    ${folder}/copy.yaml\n`);
    expect(check.stderr).toContain('-<symbolic link to copy.yaml>');

    const synth = await runCli(dir, 'synth');
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(lstatSync(real).isFile()).toBe(true);
    expect(existsSync(join(dir, folder, 'linked-folder'))).toBe(false);
  });
});
