import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReleasePins, parseReleasePins } from '../../lib/model/release-pins';
import { loadProject, promotedSpecPath, releasePinsPath } from '../../lib/project/load';
import { readTree } from '../../lib/synth/write-tree';
import { copyRepository, runCli } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';

/** Adds a pin for an app that does not exist to a cluster's pin file. */
function addPin(dir: string, cluster: string, app: string): void {
  const file = join(dir, releasePinsPath(cluster));
  const pins = parseReleasePins(readFileSync(file, 'utf8'), file, cluster);
  writeFileSync(file, formatReleasePins(cluster, { ...pins, [app]: { tag: '1.0.0' } }));
}

describe('stale release pins', () => {
  it('synth warns about the pin of an app the cluster no longer runs, naming the command that removes it', async () => {
    const { cluster, clusterFile, sharedApp } = await sampleTargets();
    const dir = copyRepository();
    const file = join(dir, clusterFile);
    writeFileSync(file, readFileSync(file, 'utf8').replace(new RegExp(`\\n\\s*['"]?${sharedApp}['"]?: \\{\\},`), ''));
    const result = await runCli(dir, 'synth');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `warning: clusters/${cluster}.releases.yaml: cluster "${cluster}", app "${sharedApp}": pinned, but the cluster does not run the app (it is not in "apps" of ${clusterFile}); remove the pin: npm run release -- --remove --cluster ${cluster} --app ${sharedApp}\n`,
    );
  });

  it('synth --check warns about the pin of an app that does not exist', async () => {
    const { cluster } = await sampleTargets();
    const dir = copyRepository();
    addPin(dir, cluster, 'gone-app');
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      `warning: clusters/${cluster}.releases.yaml: cluster "${cluster}", app "gone-app": pinned, but there is no app "gone-app" (no folder apps/gone-app/); remove the pin: npm run release -- --remove --cluster ${cluster} --app gone-app\n`,
    );
  });

  it('release --remove removes the pin and nothing else; synth warns no more', async () => {
    const { cluster } = await sampleTargets();
    const dir = copyRepository();
    const before = readFileSync(join(dir, releasePinsPath(cluster)), 'utf8');
    addPin(dir, cluster, 'gone-app');
    const generated = readTree(join(dir, 'generated'));
    const removed = await runCli(dir, 'release', ['--remove', '--cluster', cluster, '--app', 'gone-app']);
    expect(removed.stderr).toBe('');
    expect(removed.stdout).toBe(`${cluster}: removed the pin of gone-app:\n  clusters/${cluster}.releases.yaml\n`);
    expect(readFileSync(join(dir, releasePinsPath(cluster)), 'utf8')).toBe(before);
    expect(readTree(join(dir, 'generated'))).toEqual(generated);
    expect((await runCli(dir, 'synth', ['--check'])).stderr).not.toContain('warning:');
  });

  it('release --remove also deletes the promoted spec of a gated cluster', async () => {
    const dir = copyRepository();
    const gated = (await loadProject(dir)).clusters.find((cluster) => cluster.promoted !== undefined)!;
    const name = gated.definition.name;
    const [app, spec] = Object.entries(gated.promoted!)[0]!;
    addPin(dir, name, 'gone-app');
    writeFileSync(join(dir, promotedSpecPath(name, 'gone-app')), readFileSync(join(dir, spec.file), 'utf8'));
    expect(app).not.toBe('gone-app');
    const removed = await runCli(dir, 'release', ['--remove', '--cluster', name, '--app', 'gone-app']);
    expect(removed.stderr).toBe('');
    expect(existsSync(join(dir, promotedSpecPath(name, 'gone-app')))).toBe(false);
    expect(Object.keys(parseReleasePins(readFileSync(join(dir, gated.pinsFile), 'utf8'), 'pins', name))).not.toContain(
      'gone-app',
    );
  });

  it('release --remove refuses the pin of an app the cluster still runs', async () => {
    const { cluster, clusterFile, app } = await sampleTargets();
    const dir = copyRepository();
    const result = await runCli(dir, 'release', ['--remove', '--cluster', cluster, '--app', app]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${clusterFile}: cluster "${cluster}", app "${app}": the cluster still runs the app; take it out of "apps" in ${clusterFile}, then remove its pin in the same pull request\n`,
    );
  });

  it('release --remove with a --tag is a usage error', async () => {
    const { cluster, app } = await sampleTargets();
    const result = await runCli(copyRepository(), 'release', [
      '--remove',
      '--cluster',
      cluster,
      '--app',
      app,
      '--tag',
      '1.0.0',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: release: --remove takes no --tag or --digest: it removes the pin');
  });
});
