import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureReferenceData } from './support/reference-data';
import { REPO_ROOT } from './support/repo-copy';

describe('the reference data the suites read', () => {
  it('is there for this repository: nothing to fetch', async () => {
    expect(await ensureReferenceData(REPO_ROOT, process.env)).toEqual([]);
  });

  it('stops the run with one message saying what to do when the schemas can be neither found nor fetched', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'fresh-clone-')), 'repo');
    mkdirSync(root);
    const nowhere = 'http://127.0.0.1:9'; // a closed port: the fetch fails at once
    await expect(
      ensureReferenceData(root, { SCHEMAS_KUBERNETES_BASE_URL: nowhere, SCHEMAS_CRDS_BASE_URL: nowhere }),
    ).rejects.toThrow(
      /^The tests need the Kubernetes and CRD schemas: there is no \.\.\/shared\/schemas next to the repository and fetching them into \.cache\/schemas failed \(.+\)\. With network, run `npm run schemas:pull`; otherwise set SCHEMA_DIR to a folder with the shared\/schemas layout\.$/,
    );
  });

  it('names a SCHEMA_DIR or CHARTS_DIR that holds nothing', async () => {
    await expect(ensureReferenceData(REPO_ROOT, { SCHEMA_DIR: '/nonexistent' })).rejects.toThrow(
      'SCHEMA_DIR=/nonexistent has no kubernetes/ folder of schemas',
    );
    await expect(
      ensureReferenceData(REPO_ROOT, { SCHEMA_DIR: process.env.SCHEMA_DIR, CHARTS_DIR: '/nonexistent' }),
    ).rejects.toThrow('CHARTS_DIR=/nonexistent does not exist');
  });
});
