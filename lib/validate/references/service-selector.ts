import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, nameOf, namespaceOf, selectorMatches } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** Each Service with a selector selects the pods of some workload, and its target ports exist on them. */
export const serviceSelector: Rule = {
  id: 'ref-service-selector',
  category: 'reference',
  rationale: 'A Service that selects no pods, or targets a port they do not open, serves nothing.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const service of index.ofKind('Service')) {
      const spec = asRecord(service.object.spec);
      const selector = asRecord(spec.selector);
      if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(service.object);
      const selected = index.podTemplatesIn(namespace).filter((template) => selectorMatches(selector, template.labels));
      if (selected.length === 0) {
        findings.push(
          findingAt(
            service,
            'ref-service-selector',
            ['spec', 'selector'],
            `Service "${nameOf(service.object)}" selects no pods in namespace "${namespace ?? 'default'}"`,
            'a selector whose labels all appear on the pod template of a workload in the same namespace',
          ),
        );
        continue;
      }
      const ports = selected.flatMap((template) =>
        containersOf(template, ['containers']).flatMap(({ container }) => asArray(container.ports).map(asRecord)),
      );
      asArray(spec.ports).forEach((raw, portIndex) => {
        const port = asRecord(raw);
        // An unset targetPort (absent, 0 or "") defaults to the port.
        const defaulted = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '';
        const target = defaulted ? port.port : port.targetPort;
        const exists = ports.some((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target));
        if (!exists) {
          const offered = ports.map((p) =>
            p.name === undefined ? String(p.containerPort) : `${String(p.name)} (${String(p.containerPort)})`,
          );
          findings.push(
            findingAt(
              service,
              'ref-service-selector',
              ['spec', 'ports', portIndex, defaulted ? 'port' : 'targetPort'],
              `target port ${JSON.stringify(target)} is not a container port of the selected pods`,
              offered.length > 0 ? `one of: ${offered.join(', ')}` : 'a containerPort on the selected pods',
            ),
          );
        }
      });
    }
    return findings;
  },
};
