import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, getIn, labelsOf, labelSelectorMatches, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** Every ServiceMonitor selects at least one existing Service in the namespaces it watches. */
export const serviceMonitor: Rule = {
  id: 'ref-service-monitor',
  category: 'reference',
  rationale: 'A ServiceMonitor that selects no Service scrapes nothing, and its alerts never fire.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const monitor of index.ofKind('ServiceMonitor')) {
      const selector = getIn(monitor.object, ['spec', 'selector']);
      const namespaceSelector = getIn(monitor.object, ['spec', 'namespaceSelector']);
      const any = getIn(namespaceSelector, ['any']) === true;
      const names = asArray(getIn(namespaceSelector, ['matchNames'])).map(String);
      const watched = (namespace: string | undefined) =>
        any || (names.length > 0 ? names.includes(namespace ?? '') : namespace === namespaceOf(monitor.object));
      const selected = index
        .ofKind('Service')
        .some(
          (service) => watched(namespaceOf(service.object)) && labelSelectorMatches(selector, labelsOf(service.object)),
        );
      if (!selected) {
        findings.push(
          findingAt(
            monitor,
            'ref-service-monitor',
            ['spec', 'selector'],
            `ServiceMonitor "${nameOf(monitor.object)}" selects no Service`,
            'a selector matching the labels of a Service in the watched namespaces',
          ),
        );
      }
    }
    return findings;
  },
};
