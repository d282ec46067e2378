import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bootstrapFileContent, bootstrapFilePath } from '../../lib/argocd/bootstrap';
import { ARGOCD_CHART } from '../../lib/argocd/defaults';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';

const REPO = resolve(import.meta.dirname, '../..');
const documents = (text: string): unknown[] => parseAllDocuments(text).map((document) => document.toJS());

describe('bootstrap in argocd/', () => {
  it('argocd/<cluster>-root.yaml holds the bootstrap project of generated/ and the root, which is not in the folder it syncs', async () => {
    for (const cluster of resolveProject(await loadProject(REPO))) {
      const name = cluster.definition.name;
      const committed = readFileSync(join(REPO, bootstrapFilePath(name)), 'utf8');
      expect(
        documents(committed),
        `${bootstrapFilePath(name)} is stale; replace it with:\n${bootstrapFileContent(cluster)}`,
      ).toEqual(documents(bootstrapFileContent(cluster)));
      const [project, root] = documents(committed) as [unknown, { spec: { source: { path: string } } }];
      expect(project).toEqual(
        documents(readFileSync(join(REPO, 'generated', name, 'argocd', 'appproject-bootstrap.yaml'), 'utf8'))[0],
      );
      // The root syncs generated/<cluster>/argocd and is not in it: it never waits on its own health.
      const synced = join(REPO, root.spec.source.path);
      const inFolder = readdirSync(synced).flatMap((file) => documents(readFileSync(join(synced, file), 'utf8')));
      expect(inFolder).not.toContainEqual(root);
      expect(inFolder.map((object) => (object as { metadata: { name: string } }).metadata.name)).not.toContain('root');
    }
  });

  it('the runbook installs the chart version Argo CD then manages itself with', () => {
    const runbook = readFileSync(join(REPO, 'argocd/README.md'), 'utf8');
    expect(runbook).toContain(`--version ${ARGOCD_CHART.version} `);
    expect(runbook).toContain('kubectl apply -f argocd/$CLUSTER-root.yaml');
  });
});
