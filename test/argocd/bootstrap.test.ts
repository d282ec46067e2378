import { readFileSync } from 'node:fs';
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
  it('argocd/<cluster>-root.yaml holds the same bootstrap project and root Application as generated/', async () => {
    for (const cluster of resolveProject(await loadProject(REPO))) {
      const name = cluster.definition.name;
      const committed = readFileSync(join(REPO, bootstrapFilePath(name)), 'utf8');
      expect(
        documents(committed),
        `${bootstrapFilePath(name)} is stale; replace it with:\n${bootstrapFileContent(cluster)}`,
      ).toEqual(documents(bootstrapFileContent(cluster)));
      const generated = ['appproject-bootstrap.yaml', 'application-root.yaml'].map(
        (file) => documents(readFileSync(join(REPO, 'generated', name, 'argocd', file), 'utf8'))[0],
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
