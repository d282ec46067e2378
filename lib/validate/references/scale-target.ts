import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { getIn, labelSelectorMatches, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** HorizontalPodAutoscalers scale an existing workload; PodDisruptionBudgets select some workload's pods. */
export const scaleTarget: Rule = {
  id: 'ref-scale-target',
  category: 'reference',
  rationale: 'An autoscaler or disruption budget aimed at nothing silently protects nothing.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const kind = String(getIn(hpa.object, ['spec', 'scaleTargetRef', 'kind']));
      const name = String(getIn(hpa.object, ['spec', 'scaleTargetRef', 'name']));
      if (index.find(kind, namespaceOf(hpa.object), name) === undefined) {
        findings.push(
          findingAt(
            hpa,
            'ref-scale-target',
            ['spec', 'scaleTargetRef', 'name'],
            `scale target ${kind} "${name}" does not exist in namespace "${namespaceOf(hpa.object) ?? 'default'}"`,
            'the name of a Deployment or StatefulSet generated in the same namespace',
          ),
        );
      }
    }
    for (const budget of index.ofKind('PodDisruptionBudget')) {
      const selector = getIn(budget.object, ['spec', 'selector']);
      const selected = index
        .podTemplatesIn(namespaceOf(budget.object))
        .some((template) => labelSelectorMatches(selector, template.labels));
      if (!selected) {
        findings.push(
          findingAt(
            budget,
            'ref-scale-target',
            ['spec', 'selector'],
            `PodDisruptionBudget "${nameOf(budget.object)}" selects no workload's pods`,
            'a selector matching the pod template labels of a workload in the same namespace',
          ),
        );
      }
    }
    return findings;
  },
};
