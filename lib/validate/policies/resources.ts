import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { containersOf, getIn } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

const REQUIRED: readonly (readonly [string, string])[] = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
];

/** Every container asks for CPU and memory and has a memory limit. */
export const resources: Rule = {
  id: 'resources',
  category: 'policy',
  rationale: 'Requests let the scheduler place pods and a memory limit stops one pod from starving a node.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      for (const { container, path, name } of containersOf(template, ['initContainers', 'containers'])) {
        for (const [section, resource] of REQUIRED) {
          const value = getIn(container, ['resources', section, resource]);
          if (value === undefined || value === null || value === '') {
            findings.push(
              findingAt(
                template.document,
                'resources',
                [...path, 'resources', section, resource],
                `container "${name}" has no ${resource} ${section === 'requests' ? 'request' : 'limit'}`,
                `resources.${section}.${resource} set (e.g. ${resource === 'cpu' ? '100m' : '256Mi'})`,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
