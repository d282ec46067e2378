import { readFileSync } from 'node:fs';
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
  it('argocd/<cluster>-root.yaml holds the same bootstrap project and root Application as generated/', async () => {
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
      const generated = ['appproject-bootstrap.yaml', 'application-root.yaml'].map(
        (generatedFile) => documents(readFileSync(join(REPO, 'generated', name, 'argocd', generatedFile), 'utf8'))[0],
      );
      expect(documents(committed)).toEqual(generated);
    }
  });

  it('the runbook installs the chart version Argo CD then manages itself with', () => {
    const runbook = readFileSync(join(REPO, 'argocd/README.md'), 'utf8');
    expect(runbook).toContain(`--version ${ARGOCD_CHART.version} `);
    expect(runbook).toContain('kubectl apply -f argocd/$CLUSTER-root.yaml');
  });
});
