import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/**
 * Cross-field rules of a container securityContext (core/validation ValidateSecurityContext):
 * `allowPrivilegeEscalation: false` contradicts `privileged: true` and adding CAP_SYS_ADMIN.
 */
export const securityContext: Rule = {
  id: 'api-security-context',
  category: 'api',
  rationale: 'The API server rejects a securityContext that forbids privilege escalation yet grants it.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      for (const { container, path, name } of containersOf(template)) {
        const context = asRecord(container.securityContext);
        if (context.allowPrivilegeEscalation !== false) continue;
        const at = [...path, 'securityContext'];
        if (context.privileged === true) {
          findings.push(
            findingAt(
              template.document,
              'api-security-context',
              [...at, 'allowPrivilegeEscalation'],
              `container "${name}" sets allowPrivilegeEscalation: false together with privileged: true`,
              'privileged: false (a privileged container can always escalate)',
            ),
          );
        }
        asArray(asRecord(context.capabilities).add).forEach((capability, index) => {
          if (capability === 'SYS_ADMIN' || capability === 'CAP_SYS_ADMIN') {
            findings.push(
              findingAt(
                template.document,
                'api-security-context',
                [...at, 'capabilities', 'add', index],
                `container "${name}" sets allowPrivilegeEscalation: false and adds ${String(capability)}`,
                'no SYS_ADMIN capability when allowPrivilegeEscalation is false',
              ),
            );
          }
        });
      }
    }
    return findings;
  },
};
