import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { containersOf, kindOf, LONG_RUNNING_KINDS } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** Long-running workloads (Deployment, StatefulSet, DaemonSet) have readiness and liveness probes. */
export const probes: Rule = {
  id: 'probes',
  category: 'policy',
  rationale: 'Readiness keeps traffic off pods that cannot serve; liveness restarts pods that hang.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      if (!LONG_RUNNING_KINDS.has(kindOf(template.document.object))) continue;
      for (const { container, path, name } of containersOf(template, ['containers'])) {
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          if (container[probe] === undefined) {
            findings.push(
              findingAt(
                template.document,
                'probes',
                [...path, probe],
                `container "${name}" has no ${probe}`,
                `${probe} with httpGet, tcpSocket, grpc or exec`,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
