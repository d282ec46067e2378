import { ARGOCD_DEFAULTS } from '../../argocd/defaults';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, getIn, kindOf, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/**
 * Namespaces every cluster has without generated/ creating them: Kubernetes' own, and Argo CD's, which the
 * one-time bootstrap (`helm install --create-namespace`, argocd/README.md) creates before anything syncs.
 */
export const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  ARGOCD_DEFAULTS.namespace,
]);

/** Destination namespaces that Argo CD creates itself (`syncOptions: [CreateNamespace=true]`). */
function namespacesCreatedByArgo(documents: readonly ManifestDocument[]): string[] {
  return documents
    .filter((doc) => kindOf(doc.object) === 'Application' && apiVersionOf(doc.object).startsWith('argoproj.io/'))
    .filter((doc) => asArray(getIn(doc.object, ['spec', 'syncPolicy', 'syncOptions'])).includes('CreateNamespace=true'))
    .map((doc) => getIn(doc.object, ['spec', 'destination', 'namespace']))
    .filter((namespace): namespace is string => typeof namespace === 'string');
}

/**
 * Every namespace a resource lives in is created in the same cluster: by a Namespace object, by an Argo CD
 * Application with `CreateNamespace=true`, or it is built in.
 */
export const namespaceExists: Rule = {
  id: 'ref-namespace',
  category: 'reference',
  rationale: 'Argo CD cannot apply a resource into a namespace that nothing creates.',
  check({ documents }) {
    const created = new Set([
      ...documents.filter((doc) => kindOf(doc.object) === 'Namespace').map((doc) => nameOf(doc.object)),
      ...namespacesCreatedByArgo(documents),
    ]);
    const findings: Finding[] = [];
    for (const document of documents) {
      const namespace = namespaceOf(document.object);
      if (namespace === undefined || created.has(namespace) || BUILT_IN_NAMESPACES.has(namespace)) continue;
      findings.push(
        findingAt(
          document,
          'ref-namespace',
          ['metadata', 'namespace'],
          `namespace "${namespace}" is not created in this cluster`,
          `a Namespace "${namespace}" in generated/${document.cluster}/, or one of: ${[...created].sort().join(', ')}`,
        ),
      );
    }
    return findings;
  },
};
