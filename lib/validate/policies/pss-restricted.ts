import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, getIn } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

const ALLOWED_VOLUME_TYPES = new Set([
  'name',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/** Pod Security Standards, "restricted" profile (which includes "baseline"), checked on every pod template. */
export const pssRestricted: Rule = {
  id: 'pss-restricted',
  category: 'policy',
  rationale:
    'Pods meet the Pod Security Standards "restricted" profile, so a compromised container cannot reach the node.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of new ClusterIndex(documents).podTemplates) {
      const { document, spec, specPath } = template;
      const add = (path: (string | number)[], message: string, expected: string) =>
        findings.push(findingAt(document, 'pss-restricted', path, message, expected));
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (spec[field] === true) add([...specPath, field], `${field} is true`, `${field}: false (or unset)`);
      }
      asArray(spec.volumes).forEach((volume, index) => {
        for (const type of Object.keys(asRecord(volume))) {
          if (!ALLOWED_VOLUME_TYPES.has(type)) {
            add(
              [...specPath, 'volumes', index, type],
              `volume type "${type}" is not allowed`,
              `one of: ${[...ALLOWED_VOLUME_TYPES].filter((t) => t !== 'name').join(', ')}`,
            );
          }
        }
      });
      const podContext = asRecord(spec.securityContext);
      const podSeccomp = getIn(podContext, ['seccompProfile', 'type']);
      if (podContext.runAsUser === 0)
        add([...specPath, 'securityContext', 'runAsUser'], 'runs as root (UID 0)', 'a non-zero runAsUser');
      for (const { container, path, name } of containersOf(template)) {
        const context = asRecord(container.securityContext);
        const at = [...path, 'securityContext'];
        if (context.privileged === true)
          add([...at, 'privileged'], `container "${name}" is privileged`, 'privileged: false');
        if (context.allowPrivilegeEscalation !== false) {
          add(
            [...at, 'allowPrivilegeEscalation'],
            `container "${name}" may escalate privileges`,
            'allowPrivilegeEscalation: false',
          );
        }
        const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
        if (runAsNonRoot !== true) {
          add(
            [...at, 'runAsNonRoot'],
            `container "${name}" may run as root`,
            'runAsNonRoot: true (on the container or the pod)',
          );
        }
        if (context.runAsUser === 0)
          add([...at, 'runAsUser'], `container "${name}" runs as root (UID 0)`, 'a non-zero runAsUser');
        const seccomp = getIn(context, ['seccompProfile', 'type']) ?? podSeccomp;
        if (!SECCOMP_OK.has(String(seccomp))) {
          add(
            [...at, 'seccompProfile', 'type'],
            `container "${name}" has no seccomp profile`,
            'seccompProfile.type: RuntimeDefault (on the container or the pod)',
          );
        }
        const capabilities = asRecord(context.capabilities);
        if (!asArray(capabilities.drop).includes('ALL')) {
          add(
            [...at, 'capabilities', 'drop'],
            `container "${name}" does not drop all capabilities`,
            'capabilities.drop: [ALL]',
          );
        }
        asArray(capabilities.add).forEach((capability, index) => {
          if (capability !== 'NET_BIND_SERVICE') {
            add(
              [...at, 'capabilities', 'add', index],
              `container "${name}" adds capability ${String(capability)}`,
              'only NET_BIND_SERVICE may be added',
            );
          }
        });
        asArray(container.ports).forEach((port, index) => {
          if (asRecord(port).hostPort !== undefined && asRecord(port).hostPort !== 0) {
            add([...path, 'ports', index, 'hostPort'], `container "${name}" uses a host port`, 'no hostPort');
          }
        });
      }
    }
    return findings;
  },
};
