import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bootstrapFilePath } from '../../lib/argocd/bootstrap';
import { ARGOCD_CHART } from '../../lib/argocd/defaults';
import { loadProject } from '../../lib/project/load';
import { renderTree } from '../../lib/synth/render-tree';

const REPO = resolve(import.meta.dirname, '../..');
const documents = (text: string): unknown[] => parseAllDocuments(text).map((document) => document.toJS());

describe('bootstrap in argocd/', () => {
  it('argocd/<cluster>-root.yaml holds the bootstrap project of generated/ and the root, which is not in the folder it syncs', async () => {
    // As synth renders each cluster: a gated one with the generator at its platform revision.
    const { bootstrap } = await renderTree(await loadProject(REPO));
    expect(bootstrap.length).toBeGreaterThan(0);
    for (const file of bootstrap) {
      const name = file.path.replace(/^argocd\//, '').replace(/-root\.yaml$/, '');
      expect(file.path).toBe(bootstrapFilePath(name));
      const committed = readFileSync(join(REPO, file.path), 'utf8');
      expect(documents(committed), `${file.path} is stale; replace it with:\n${file.content}`).toEqual(
        documents(file.content),
      );
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
