import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, getIn, labelSelectorMatches, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** A SPIFFE principal of the default trust domain: `cluster.local/ns/<namespace>/sa/<service account>`. */
const PRINCIPAL = /^cluster\.local\/ns\/([^/]+)\/sa\/([^/]+)$/;

/**
 * Every principal an AuthorizationPolicy admits is a ServiceAccount generated in the cluster, and its selector
 * matches some workload's pods: a misspelt or removed caller would otherwise be denied silently, and a policy
 * aimed at no pods protects nothing.
 */
export const meshPrincipals: Rule = {
  id: 'ref-mesh-principals',
  category: 'reference',
  rationale: 'An AuthorizationPolicy naming an identity that does not exist, or selecting no pods, does nothing.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const policy of index.ofKind('AuthorizationPolicy')) {
      asArray(getIn(policy.object, ['spec', 'rules'])).forEach((rule, r) => {
        asArray(getIn(rule, ['from'])).forEach((from, f) => {
          asArray(getIn(from, ['source', 'principals'])).forEach((principal, p) => {
            const path = ['spec', 'rules', r, 'from', f, 'source', 'principals', p];
            const match = PRINCIPAL.exec(String(principal));
            if (match === null) return; // `*` and other trust domains are not ours to check
            const [, namespace, account] = match;
            if (index.find('ServiceAccount', namespace, account!) === undefined) {
              findings.push(
                findingAt(
                  policy,
                  'ref-mesh-principals',
                  path,
                  `principal "${String(principal)}" names ServiceAccount "${account}" in namespace "${namespace}", which is not generated in this cluster`,
                  'the ServiceAccount of an app that runs in the cluster (its allowedClients)',
                ),
              );
            }
          });
        });
      });
      const selector = getIn(policy.object, ['spec', 'selector']);
      if (selector === undefined) continue; // namespace-wide
      const selected = index
        .podTemplatesIn(namespaceOf(policy.object))
        .some((template) => labelSelectorMatches(selector, template.labels));
      if (!selected) {
        findings.push(
          findingAt(
            policy,
            'ref-mesh-principals',
            ['spec', 'selector'],
            `AuthorizationPolicy "${nameOf(policy.object)}" selects no workload's pods`,
            'a selector matching the pod template labels of a workload in the same namespace',
          ),
        );
      }
    }
    return findings;
  },
};
