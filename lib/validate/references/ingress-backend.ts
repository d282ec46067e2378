import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, getIn, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/** Every Ingress backend names an existing Service in the Ingress's namespace and one of its ports. */
export const ingressBackend: Rule = {
  id: 'ref-ingress-backend',
  category: 'reference',
  rationale: 'An Ingress pointing at a missing Service or port answers with 503s.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const ingress of index.ofKind('Ingress')) {
      const namespace = namespaceOf(ingress.object);
      const backends: { path: (string | number)[]; backend: Record<string, unknown> }[] = [];
      const fallback = getIn(ingress.object, ['spec', 'defaultBackend']);
      if (fallback !== undefined) backends.push({ path: ['spec', 'defaultBackend'], backend: asRecord(fallback) });
      asArray(getIn(ingress.object, ['spec', 'rules'])).forEach((rule, ruleIndex) => {
        asArray(getIn(rule, ['http', 'paths'])).forEach((entry, pathIndex) => {
          backends.push({
            path: ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend'],
            backend: asRecord(asRecord(entry).backend),
          });
        });
      });
      for (const { path, backend } of backends)
        findings.push(...checkBackend(index, ingress, namespace, path, backend));
    }
    return findings;
  },
};

function checkBackend(
  index: ClusterIndex,
  ingress: ManifestDocument,
  namespace: string | undefined,
  path: (string | number)[],
  backend: Record<string, unknown>,
): Finding[] {
  const service = asRecord(backend.service);
  if (backend.service === undefined) return []; // resource backends point at CRDs, not Services
  // AWS Load Balancer Controller actions (fixed responses, redirects) are annotations, not Services.
  if (asRecord(service.port).name === 'use-annotation') return [];
  const name = String(service.name);
  const target = index.find('Service', namespace, name);
  if (target === undefined) {
    const known = index
      .ofKind('Service')
      .filter((doc) => namespaceOf(doc.object) === namespace)
      .map((doc) => String(doc.object.metadata?.name));
    return [
      findingAt(
        ingress,
        'ref-ingress-backend',
        [...path, 'service', 'name'],
        `backend Service "${name}" does not exist in namespace "${namespace ?? 'default'}"`,
        known.length > 0 ? `one of: ${known.join(', ')}` : 'a Service generated in the same namespace',
      ),
    ];
  }
  const port = asRecord(service.port);
  const ports = asArray(getIn(target.object, ['spec', 'ports'])).map(asRecord);
  const exists = ports.some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number));
  if (exists) return [];
  return [
    findingAt(
      ingress,
      'ref-ingress-backend',
      [...path, 'service', 'port', port.name !== undefined ? 'name' : 'number'],
      `Service "${name}" has no port ${JSON.stringify(port.name ?? port.number)}`,
      `one of: ${ports.map((p) => `${String(p.name ?? '')} (${String(p.port)})`).join(', ')}`,
    ),
  ];
}
