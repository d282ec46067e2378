import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, getIn, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Every Argo CD Application source `path` (git sources, not charts) is a folder of this repository. */
export const argocdPath: Rule = {
  id: 'ref-argocd-path',
  category: 'reference',
  rationale:
    'An Application whose path does not exist makes Argo CD fail the sync (or, with prune, delete everything).',
  async check({ documents, repoRoot }) {
    const findings: Finding[] = [];
    const sources: { document: ManifestDocument; path: (string | number)[]; value: string }[] = [];
    for (const document of documents) {
      if (kindOf(document.object) !== 'Application' || !apiVersionOf(document.object).startsWith('argoproj.io/'))
        continue;
      const single = asRecord(getIn(document.object, ['spec', 'source']));
      if (typeof single.path === 'string' && single.chart === undefined) {
        sources.push({ document, path: ['spec', 'source', 'path'], value: single.path });
      }
      asArray(getIn(document.object, ['spec', 'sources'])).forEach((raw, index) => {
        const source = asRecord(raw);
        if (typeof source.path === 'string' && source.chart === undefined) {
          sources.push({ document, path: ['spec', 'sources', index, 'path'], value: source.path });
        }
      });
    }
    for (const source of sources) {
      const resolved = path.resolve(repoRoot, source.value);
      const inside = resolved === repoRoot || resolved.startsWith(repoRoot + path.sep);
      if (!inside || !(await isDirectory(resolved))) {
        findings.push(
          findingAt(
            source.document,
            'ref-argocd-path',
            source.path,
            `path "${source.value}" is not a folder of this repository`,
            `a folder relative to the repository root, e.g. generated/${source.document.cluster}/<folder>`,
          ),
        );
      }
    }
    return findings;
  },
};
