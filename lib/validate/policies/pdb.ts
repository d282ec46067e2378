import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asRecord, getIn, kindOf, labelSelectorMatches, nameOf, namespaceOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/**
 * A Deployment, StatefulSet or Rollout that always runs more than one replica (`replicas`, or the HPA's `minReplicas`)
 * has a PodDisruptionBudget selecting its pods. With a single replica a budget would only block node drains.
 */
export const pdb: Rule = {
  id: 'pdb',
  category: 'policy',
  rationale: 'A PodDisruptionBudget keeps replicated workloads serving while nodes are drained or upgraded.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const template of index.podTemplates) {
      const object = template.document.object;
      const kind = kindOf(object);
      if (kind !== 'Deployment' && kind !== 'StatefulSet' && kind !== 'Rollout') continue;
      const namespace = namespaceOf(object);
      const hpa = index
        .ofKind('HorizontalPodAutoscaler')
        .find(
          (doc) =>
            namespaceOf(doc.object) === namespace &&
            getIn(doc.object, ['spec', 'scaleTargetRef', 'kind']) === kind &&
            getIn(doc.object, ['spec', 'scaleTargetRef', 'name']) === nameOf(object),
        );
      const replicas =
        hpa === undefined
          ? (getIn(object, ['spec', 'replicas']) ?? 1)
          : (getIn(hpa.object, ['spec', 'minReplicas']) ?? 1);
      if (typeof replicas !== 'number' || replicas <= 1) continue;
      const covered = index
        .ofKind('PodDisruptionBudget')
        .some(
          (doc) =>
            namespaceOf(doc.object) === namespace &&
            Object.keys(asRecord(getIn(doc.object, ['spec', 'selector']))).length > 0 &&
            labelSelectorMatches(getIn(doc.object, ['spec', 'selector']), template.labels),
        );
      if (!covered) {
        findings.push(
          findingAt(
            template.document,
            'pdb',
            hpa === undefined ? ['spec', 'replicas'] : ['metadata', 'name'],
            `${kind} "${nameOf(object)}" runs ${hpa === undefined ? '' : 'at least '}${replicas} replicas but no PodDisruptionBudget selects its pods`,
            `a PodDisruptionBudget in namespace "${namespace ?? 'default'}" whose selector matches the pod labels`,
          ),
        );
      }
    }
    return findings;
  },
};
