import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../lib/validate/schema/schema-registry';
import { CRD_SCHEMAS } from '../../lib/validate/schemas-pull/crd-catalog';
import { pullSchemas } from '../../lib/validate/schemas-pull/pull-schemas';
import { validateTree } from '../../lib/validate/validate-tree';
import { FIXTURE_CLUSTER, findingsOf, fixtureRepo, removeFixtureRepos, SCHEMA_DIR } from './fixture-tree';

let server: Server;
let baseUrl: string;
let work: string;

/** Serves ../shared/schemas over HTTP on 127.0.0.1, as raw.githubusercontent.com would serve upstream. */
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'schemas-pull-'));
  server = createServer((request, response) => {
    const relative = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(SCHEMA_DIR, path.normalize(relative));
    if (!file.startsWith(SCHEMA_DIR + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'content-type': 'application/json' });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end('404: Not Found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
  await removeFixtureRepos();
});

describe('schemas:pull', () => {
  it(
    'downloads the shared/schemas layout, byte for byte, and validation works from it',
    { timeout: 60_000 },
    async () => {
      const target = path.join(work, 'pulled');
      const result = await pullSchemas({
        targetDir: target,
        kubernetesBaseUrl: `${baseUrl}/kubernetes`,
        crdsBaseUrl: `${baseUrl}/crds`,
      });
      expect(result.files).toBe(3 + CRD_SCHEMAS.length);
      expect((await readdir(path.join(target, 'kubernetes'))).sort()).toEqual(['v1.33.0', 'v1.34.0', 'v1.35.0']);
      for (const file of ['kubernetes/v1.34.0/_definitions.json', 'crds/external-secrets.io/externalsecret_v1.json']) {
        expect(await readFile(path.join(target, file))).toEqual(await readFile(path.join(SCHEMA_DIR, file)));
      }
      const report = await validateTree({
        repoRoot: await fixtureRepo(),
        clusters: [FIXTURE_CLUSTER],
        schemaDir: target,
        registry: new SchemaRegistry({ schemaDir: target }),
      });
      expect(findingsOf(report)).toEqual([]);
      expect((await readdir(work)).sort()).toEqual(['pulled']);
    },
  );

  it('leaves the target untouched when a download fails', async () => {
    const target = path.join(work, 'existing');
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'marker.txt'), 'before');
    await expect(
      pullSchemas({
        targetDir: target,
        kubernetesBaseUrl: `${baseUrl}/kubernetes`,
        crdsBaseUrl: `${baseUrl}/crds`,
        crds: ['monitoring.coreos.com/servicemonitor_v1', 'keda.sh/scaledobject_v1beta1'],
      }),
    ).rejects.toThrow(`${baseUrl}/crds/keda.sh/scaledobject_v1beta1.json: download failed: HTTP 404`);
    expect(await readdir(target)).toEqual(['marker.txt']);
    expect(await readFile(path.join(target, 'marker.txt'), 'utf8')).toBe('before');
    expect((await readdir(work)).filter((name) => name.startsWith('existing'))).toEqual(['existing']);
  });

  it('replaces an existing target after a complete download', async () => {
    const target = path.join(work, 'existing');
    await pullSchemas({
      targetDir: target,
      kubernetesBaseUrl: `${baseUrl}/kubernetes`,
      crdsBaseUrl: `${baseUrl}/crds`,
      kubernetesVersions: ['1.35'],
      crds: ['monitoring.coreos.com/servicemonitor_v1'],
    });
    expect((await readdir(target)).sort()).toEqual(['README.md', 'crds', 'kubernetes']);
    expect(await readdir(path.join(target, 'kubernetes'))).toEqual(['v1.35.0']);
  });

  it('rejects a base URL that serves something other than JSON', async () => {
    await expect(
      pullSchemas({
        targetDir: path.join(work, 'html'),
        kubernetesBaseUrl: `${baseUrl}`,
        crds: [],
        kubernetesVersions: ['1.34'],
      }),
    ).rejects.toThrow('download failed: HTTP 404');
  });
});
