import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_CATALOG } from '../../converge/chart-catalog';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, getIn, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/** A directory of another repository that converge's catalog describes. */
function external(source: Record<string, unknown>): boolean {
  return SOURCE_CATALOG.has(`${String(source.repoURL)}#${String(source.path)}`);
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every Argo CD Application source `path` (git sources, not charts) is a folder of this repository, except the
 * pinned directories of other repositories that converge knows (SOURCE_CATALOG: Gateway API's CRDs).
 */
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
      if (typeof single.path === 'string' && single.chart === undefined && !external(single)) {
        sources.push({ document, path: ['spec', 'source', 'path'], value: single.path });
      }
      asArray(getIn(document.object, ['spec', 'sources'])).forEach((raw, index) => {
        const source = asRecord(raw);
        if (typeof source.path === 'string' && source.chart === undefined && !external(source)) {
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
