import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkloadKind } from '../../lib/model/app-spec';
import { formatReleasePins } from '../../lib/model/release-pins';
import { readTree } from '../../lib/synth/write-tree';
import { repositoryOutput } from '../support/repository-output';
import { copyRepository, spawnCliAsync } from '../support/repo-copy';

/** Locales whose collation differs from code-point order ("aa" after "z" in Danish, "y" before "j" in Lithuanian). */
const MACHINES = [
  { LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8', TZ: 'Europe/Copenhagen' },
  { LANG: 'lt_LT.UTF-8', LC_ALL: 'lt_LT.UTF-8', TZ: 'Pacific/Chatham' },
] as const;

/**
 * A copy of the repository with one more app, `aa-<worker>`, a copy of a worker of an ungated cluster: its name
 * sorts first by code point, last in Danish (where "aa" is "å"), so any locale-aware ordering of apps (lists in
 * AppProject descriptions, units, policies) would differ between the two machines.
 */
async function copyWithLocaleSensitiveApp(): Promise<string> {
  const { project, clusters } = await repositoryOutput();
  const cluster = clusters.find(
    (candidate) =>
      candidate.definition.promotion === undefined && candidate.apps.some((app) => app.kind === WorkloadKind.WORKER),
  )!;
  const source = cluster.apps.find((app) => app.kind === WorkloadKind.WORKER)!;
  const name = `aa-${source.name}`;
  const sourceFile = project.apps.find((app) => app.spec.name === source.name)!.file;
  const dir = copyRepository();
  cpSync(join(dir, sourceFile, '..'), join(dir, 'apps', name), { recursive: true });
  const appFile = join(dir, 'apps', name, 'index.ts');
  writeFileSync(appFile, readFileSync(appFile, 'utf8').replace(`name: '${source.name}'`, `name: '${name}'`));
  const clusterFile = join(dir, cluster.file);
  writeFileSync(
    clusterFile,
    readFileSync(clusterFile, 'utf8').replace(/\n {2}apps: \{\n/, `\n  apps: {\n    '${name}': {},\n`),
  );
  const loaded = project.clusters.find((candidate) => candidate.definition.name === cluster.definition.name)!;
  writeFileSync(
    join(dir, loaded.pinsFile),
    formatReleasePins(cluster.definition.name, { ...loaded.pins, [name]: loaded.pins[source.name]! }),
  );
  return dir;
}

describe('synth output does not depend on the machine', () => {
  it('the locales really change what locale-aware code would do (or this test would prove nothing)', () => {
    const probe = (env: (typeof MACHINES)[number]) =>
      execFileSync(
        process.execPath,
        ['-e', "console.log(JSON.stringify(['aa', 'j', 'y', 'z'].sort(new Intl.Collator().compare)))"],
        { env: { ...process.env, ...env }, encoding: 'utf8' },
      ).trim();
    expect(probe(MACHINES[0])).toBe('["j","y","z","aa"]');
    expect(probe(MACHINES[1])).toBe('["aa","y","j","z"]');
  });

  it('writes byte-identical generated/ under da_DK and lt_LT (and other time zones), which --check accepts there', async () => {
    const runs = await Promise.all(
      MACHINES.map(async (machine) => {
        const dir = await copyWithLocaleSensitiveApp();
        rmSync(join(dir, 'generated'), { recursive: true });
        const env = { ...process.env, ...machine };
        const synth = await spawnCliAsync(dir, 'synth', [], env);
        const check = await spawnCliAsync(dir, 'synth', ['--check'], env);
        return { synth, check, tree: readTree(join(dir, 'generated')) };
      }),
    );
    for (const run of runs) {
      expect(run.synth.stderr).toBe('');
      expect(run.check.status).toBe(0);
    }
    const [danish, lithuanian] = runs.map((run) => run.tree);
    expect(danish!.length).toBeGreaterThan(0);
    // Paths first, so a failure names the files rather than dumping two trees.
    const differing = danish!.filter((file, index) => lithuanian![index]?.content !== file.content).map((f) => f.path);
    expect(danish!.map((file) => file.path)).toEqual(lithuanian!.map((file) => file.path));
    expect(differing).toEqual([]);
    expect(danish!.some((file) => file.path.includes('/aa-'))).toBe(true);
  });
});
