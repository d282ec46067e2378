import { findingAt } from '../load-documents';
import { apiVersionOf, groupOf, kindOf, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/** No two documents of a cluster define the same object: (API group, kind, namespace, name). */
export const duplicateObjects: Rule = {
  id: 'ref-duplicate-object',
  category: 'reference',
  rationale: 'Two definitions of one object fight: Argo CD applies one and reports the other as out of sync forever.',
  check({ documents }) {
    const first = new Map<string, ManifestDocument>();
    const findings: Finding[] = [];
    for (const document of documents) {
      const { object } = document;
      const name = nameOf(object);
      if (name === '' || kindOf(object) === '') continue;
      const group = groupOf(apiVersionOf(object));
      const namespace = namespaceOf(object) ?? '';
      const key = `${group}|${kindOf(object)}|${namespace}|${name}`;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, document);
        continue;
      }
      const where = `${earlier.file} [doc ${earlier.index}${earlier.item === undefined ? '' : ` item ${earlier.item}`}]`;
      findings.push(
        findingAt(
          document,
          'ref-duplicate-object',
          ['metadata', 'name'],
          `${kindOf(object)}${group === '' ? '' : `.${group}`} ${namespace === '' ? '' : `${namespace}/`}${name} is already defined in ${where}`,
          'each object defined once per cluster',
        ),
      );
    }
    return findings;
  },
};
