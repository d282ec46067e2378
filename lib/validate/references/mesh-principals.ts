import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import type { PathSegments } from '../json-path';
import { asArray, getIn, labelSelectorMatches, labelsOf, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

const USE_WAYPOINT = 'istio.io/use-waypoint';

function isWaypoint(gateway: ManifestDocument | undefined): boolean {
  return gateway !== undefined && getIn(gateway.object, ['spec', 'gatewayClassName']) === 'istio-waypoint';
}

/** A SPIFFE principal of the default trust domain: `cluster.local/ns/<namespace>/sa/<service account>`. */
const PRINCIPAL = /^cluster\.local\/ns\/([^/]+)\/sa\/([^/]+)$/;

/**
 * The mesh's references hold: every principal an AuthorizationPolicy admits is a ServiceAccount generated in the
 * cluster (or a waypoint's, named after its Gateway), its selector matches some workload's pods and its
 * targetRefs name existing Services; a namespace's `istio.io/use-waypoint` names a waypoint Gateway there; route
 * parentRefs name existing Services. A misspelt or removed caller would otherwise be denied silently, and a
 * policy or route aimed at nothing does nothing.
 */
export const meshPrincipals: Rule = {
  id: 'ref-mesh-principals',
  category: 'reference',
  rationale: 'An AuthorizationPolicy naming an identity that does not exist, or selecting no pods, does nothing.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    const checkServiceRef = (document: ManifestDocument, ref: unknown, path: PathSegments) => {
      if (getIn(ref, ['kind']) !== 'Service') return;
      const name = String(getIn(ref, ['name']));
      const namespace = (getIn(ref, ['namespace']) as string | undefined) ?? namespaceOf(document.object);
      if (index.find('Service', namespace, name) === undefined) {
        findings.push(
          findingAt(
            document,
            'ref-mesh-principals',
            [...path, 'name'],
            `Service "${name}" does not exist in namespace "${namespace ?? 'default'}"`,
            'the Service of a web service generated in the cluster',
          ),
        );
      }
    };
    // A namespace that sends its traffic through a waypoint has that waypoint.
    for (const namespace of index.ofKind('Namespace')) {
      const waypoint = labelsOf(namespace.object)[USE_WAYPOINT];
      if (typeof waypoint !== 'string') continue;
      if (!isWaypoint(index.find('Gateway', nameOf(namespace.object), waypoint))) {
        findings.push(
          findingAt(
            namespace,
            'ref-mesh-principals',
            ['metadata', 'labels', USE_WAYPOINT],
            `namespace "${nameOf(namespace.object)}" uses waypoint "${waypoint}", which is not a Gateway of class istio-waypoint there`,
            'a Gateway with gatewayClassName istio-waypoint of that name in the namespace',
          ),
        );
      }
    }
    for (const route of index.ofKind('HTTPRoute', 'GRPCRoute')) {
      asArray(getIn(route.object, ['spec', 'parentRefs'])).forEach((ref, r) =>
        checkServiceRef(route, ref, ['spec', 'parentRefs', r]),
      );
    }
    for (const policy of index.ofKind('AuthorizationPolicy')) {
      asArray(getIn(policy.object, ['spec', 'rules'])).forEach((rule, r) => {
        asArray(getIn(rule, ['from'])).forEach((from, f) => {
          asArray(getIn(from, ['source', 'principals'])).forEach((principal, p) => {
            const path = ['spec', 'rules', r, 'from', f, 'source', 'principals', p];
            const match = PRINCIPAL.exec(String(principal));
            if (match === null) return; // `*` and other trust domains are not ours to check
            const [, namespace, account] = match;
            // Istio names a waypoint's ServiceAccount after its Gateway.
            const waypoint = isWaypoint(index.find('Gateway', namespace, account!));
            if (index.find('ServiceAccount', namespace, account!) === undefined && !waypoint) {
              findings.push(
                findingAt(
                  policy,
                  'ref-mesh-principals',
                  path,
                  `principal "${String(principal)}" names ServiceAccount "${account}" in namespace "${namespace}", which is not generated in this cluster`,
                  'the ServiceAccount of an app that runs in the cluster (its allowedClients), or a waypoint Gateway of that namespace',
                ),
              );
            }
          });
        });
      });
      asArray(getIn(policy.object, ['spec', 'targetRefs'])).forEach((ref, r) =>
        checkServiceRef(policy, ref, ['spec', 'targetRefs', r]),
      );
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
