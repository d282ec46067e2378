import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../../lib/validate/schema/schema-registry';
import { validateTree } from '../../../lib/validate/validate-tree';
import { FIXTURE_CLUSTER, findingsOf, fixtureRepo, removeFixtureRepos, SCHEMA_DIR } from '../fixture-tree';

const caches: string[] = [];
afterAll(async () => {
  await removeFixtureRepos();
  await Promise.all(caches.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the run cache (.cache/validate)', () => {
  it('gives a warm run the same findings as a cold one, and sees an edited file', async () => {
    const root = await fixtureRepo({ 'web/service-web.yaml': (d) => (d.spec.ports[0].port = 0) });
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'validate-cache-'));
    caches.push(cacheDir);
    const run = () =>
      validateTree({
        repoRoot: root,
        clusters: [FIXTURE_CLUSTER],
        schemaDir: SCHEMA_DIR,
        registry: new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir }),
      });
    const cold = findingsOf(await run());
    expect(cold.map((f) => f.rule)).toEqual(['api-ports']);
    const warmRegistry = new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir });
    const warm = await validateTree({
      repoRoot: root,
      clusters: [FIXTURE_CLUSTER],
      schemaDir: SCHEMA_DIR,
      registry: warmRegistry,
    });
    expect(findingsOf(warm)).toEqual(cold);
    expect(warmRegistry.stats.loadedFromDisk + warmRegistry.stats.compiled).toBe(0);

    const file = path.join(root, 'generated', 'fixture', 'web', 'configmap-web-config.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('NODE_ENV: production', 'NODE_ENV: yes'));
    expect(findingsOf(await run()).map((f) => [f.rule, f.path])).toEqual([
      ['schema', '$.data.NODE_ENV'],
      ['api-ports', '$.spec.ports[0].port'],
    ]);
  });
});
