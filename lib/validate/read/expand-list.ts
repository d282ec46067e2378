import type { Finding, ManifestDocument } from '../types';

export interface Expanded {
  readonly documents: ManifestDocument[];
  readonly findings: Finding[];
}

/** Whether an object is a `v1` `List` (what `kubectl get -o yaml` writes, and what kubectl and Argo CD apply item by item). */
export function isList(object: Record<string, unknown>): boolean {
  return object.kind === 'List' && object.apiVersion === 'v1';
}

/**
 * A document, or the items of a `kind: List` as documents of their own (each remembers its index in
 * `items`, so findings point at `$.items[i]...` on the right line). An item that is not an object is a finding.
 */
export function expandDocument(document: ManifestDocument): Expanded {
  const object = document.object as Record<string, unknown>;
  if (!isList(object)) return { documents: [document], findings: [] };
  const items = Array.isArray(object.items) ? (object.items as unknown[]) : [];
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      findings.push({
        rule: 'yaml',
        cluster: document.cluster,
        file: document.file,
        documentIndex: document.index,
        item: index,
        path: `$.items[${index}]`,
        message: 'List item is not a mapping',
        expected: 'a Kubernetes object with apiVersion, kind and metadata',
      });
      return;
    }
    documents.push({ ...document, item: index, object: item as ManifestDocument['object'] });
  });
  return { documents, findings };
}
