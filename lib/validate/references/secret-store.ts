import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { getIn, kindOf, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** ExternalSecrets name a SecretStore in their namespace or a ClusterSecretStore that exists. */
export const secretStore: Rule = {
  id: 'ref-secret-store',
  category: 'reference',
  rationale: 'An ExternalSecret without its store never syncs, and the pod waiting for the Secret never starts.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const document of index.ofKind('ExternalSecret', 'ClusterExternalSecret')) {
      const refPath =
        kindOf(document.object) === 'ClusterExternalSecret'
          ? ['spec', 'externalSecretSpec', 'secretStoreRef']
          : ['spec', 'secretStoreRef'];
      if (getIn(document.object, refPath) === undefined) continue; // per-data sourceRef only
      const kind = String(getIn(document.object, [...refPath, 'kind']) ?? 'SecretStore');
      const name = String(getIn(document.object, [...refPath, 'name']));
      const namespace = kind === 'ClusterSecretStore' ? undefined : namespaceOf(document.object);
      if (index.find(kind, namespace, name) === undefined) {
        const known = index
          .ofKind('ClusterSecretStore', 'SecretStore')
          .map((doc) => `${kindOf(doc.object)} ${nameOf(doc.object)}`);
        findings.push(
          findingAt(
            document,
            'ref-secret-store',
            [...refPath, 'name'],
            `${kind} "${name}" does not exist${namespace === undefined ? '' : ` in namespace "${namespace}"`}`,
            known.length > 0 ? `one of: ${known.join(', ')}` : 'a (Cluster)SecretStore generated for this cluster',
          ),
        );
      }
    }
    return findings;
  },
};
