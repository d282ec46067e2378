import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

const DEFAULT_NAMESPACE = 'default';

function isDefaultDeny(document: ManifestDocument): boolean {
  const spec = asRecord(document.object.spec);
  const selector = asRecord(spec.podSelector);
  const selectsAll =
    Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
  return selectsAll && asArray(spec.policyTypes).includes('Ingress') && asArray(spec.ingress).length === 0;
}

/** Every namespace that runs pods, and every Namespace we create, has a default-deny ingress NetworkPolicy. */
export const defaultDenyNetpol: Rule = {
  id: 'default-deny-netpol',
  category: 'policy',
  rationale: 'Denying ingress by default means only traffic that a policy allows explicitly reaches a pod.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const denied = new Set(
      index
        .ofKind('NetworkPolicy')
        .filter(isDefaultDeny)
        .map((doc) => namespaceOf(doc.object) ?? DEFAULT_NAMESPACE),
    );
    const findings: Finding[] = [];
    const reported = new Set<string | undefined>();
    const report = (document: ManifestDocument, namespace: string, path: string[]) => {
      if (denied.has(namespace) || reported.has(namespace)) return;
      reported.add(namespace);
      findings.push(
        findingAt(
          document,
          'default-deny-netpol',
          path,
          `namespace "${namespace}" has no default-deny NetworkPolicy`,
          'a NetworkPolicy with podSelector: {}, policyTypes: [Ingress] and no ingress rules',
        ),
      );
    };
    for (const namespace of index.ofKind('Namespace')) {
      report(namespace, nameOf(namespace.object), ['metadata', 'name']);
    }
    for (const template of index.podTemplates) {
      // No namespace means the `default` namespace (kubectl's, and Argo CD's when the Application names none).
      const namespace = namespaceOf(template.document.object) ?? DEFAULT_NAMESPACE;
      report(template.document, namespace, [
        'metadata',
        namespaceOf(template.document.object) === undefined ? 'name' : 'namespace',
      ]);
    }
    return findings;
  },
};
