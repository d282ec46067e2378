import { findingAt } from '../load-documents';
import { labelsOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** Labels every object we generate carries (Kubernetes recommended labels). */
export const RECOMMENDED_LABELS: readonly string[] = ['app.kubernetes.io/name', 'app.kubernetes.io/managed-by'];

/** Every object carries the recommended `app.kubernetes.io/*` labels. */
export const recommendedLabels: Rule = {
  id: 'recommended-labels',
  category: 'policy',
  rationale: 'Shared labels let people and tools (dashboards, cost reports, kubectl) find everything of one app.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      const labels = labelsOf(document.object);
      for (const label of RECOMMENDED_LABELS) {
        if (typeof labels[label] !== 'string' || labels[label] === '') {
          findings.push(
            findingAt(
              document,
              'recommended-labels',
              ['metadata', 'labels', label],
              `missing label ${label}`,
              `metadata.labels['${label}'] set`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
