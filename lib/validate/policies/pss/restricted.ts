import { asArray, asRecord, getIn } from '../../kube-object';
import { containerContext, type PssControl } from './pss-control';

/**
 * The Pod Security Standards "restricted" controls (on top of baseline), one per upstream
 * pod-security-admission check. As upstream, pods with `spec.os.name: windows` are exempt from the
 * Linux-only ones (privilege escalation, seccomp, capabilities).
 */

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export const volumeTypes: PssControl = {
  id: 'pss-volume-types',
  level: 'restricted',
  rationale:
    'only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes',
  check({ spec, specPath }, report) {
    asArray(spec.volumes).forEach((volume, index) => {
      for (const type of Object.keys(asRecord(volume))) {
        if (type === 'name' || RESTRICTED_VOLUME_TYPES.has(type)) continue;
        report(
          [...specPath, 'volumes', index, type],
          `volume type "${type}" is not allowed`,
          `one of: ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`,
        );
      }
    });
  },
};

export const privilegeEscalation: PssControl = {
  id: 'pss-privilege-escalation',
  level: 'restricted',
  rationale: 'allowPrivilegeEscalation: false on every container',
  check({ containers, windows }, report) {
    if (windows) return;
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (context.allowPrivilegeEscalation !== false) {
        report(
          [...at, 'allowPrivilegeEscalation'],
          `container "${container.name}" may escalate privileges`,
          'allowPrivilegeEscalation: false',
        );
      }
    }
  },
};

export const runAsNonRoot: PssControl = {
  id: 'pss-run-as-non-root',
  level: 'restricted',
  rationale: 'runAsNonRoot: true on the pod or on every container, and never false',
  check({ specPath, podContext, containers }, report) {
    const podValue = podContext.runAsNonRoot;
    if (podValue === false) {
      report([...specPath, 'securityContext', 'runAsNonRoot'], 'pod sets runAsNonRoot: false', 'runAsNonRoot: true');
    }
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (context.runAsNonRoot === false) {
        report(
          [...at, 'runAsNonRoot'],
          `container "${container.name}" sets runAsNonRoot: false`,
          'runAsNonRoot: true (or unset with true on the pod)',
        );
      } else if (context.runAsNonRoot !== true && podValue !== true) {
        report(
          [...at, 'runAsNonRoot'],
          `container "${container.name}" may run as root`,
          'runAsNonRoot: true (on the container or the pod)',
        );
      }
    }
  },
};

export const runAsUser: PssControl = {
  id: 'pss-run-as-user',
  level: 'restricted',
  rationale: 'never runAsUser: 0',
  check({ specPath, podContext, containers }, report) {
    if (podContext.runAsUser === 0)
      report([...specPath, 'securityContext', 'runAsUser'], 'pod runs as root (UID 0)', 'a non-zero runAsUser');
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (context.runAsUser === 0)
        report([...at, 'runAsUser'], `container "${container.name}" runs as root (UID 0)`, 'a non-zero runAsUser');
    }
  },
};

const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

export const seccompRestricted: PssControl = {
  id: 'pss-seccomp-restricted',
  level: 'restricted',
  rationale: 'seccompProfile RuntimeDefault or Localhost on the pod or on every container',
  check({ podContext, containers, windows }, report) {
    if (windows) return;
    const podType = getIn(podContext, ['seccompProfile', 'type']);
    for (const container of containers) {
      const { context, at } = containerContext(container);
      const type = getIn(context, ['seccompProfile', 'type']) ?? podType;
      if (!SECCOMP_OK.has(String(type))) {
        report(
          [...at, 'seccompProfile', 'type'],
          type === undefined
            ? `container "${container.name}" has no seccomp profile`
            : `container "${container.name}" has seccomp profile ${String(type)}`,
          'seccompProfile.type: RuntimeDefault or Localhost (on the container or the pod)',
        );
      }
    }
  },
};

export const capabilitiesRestricted: PssControl = {
  id: 'pss-capabilities-restricted',
  level: 'restricted',
  rationale: 'every container drops ALL capabilities and adds at most NET_BIND_SERVICE',
  check({ containers, windows }, report) {
    if (windows) return;
    for (const container of containers) {
      const { context, at } = containerContext(container);
      const capabilities = asRecord(context.capabilities);
      if (!asArray(capabilities.drop).includes('ALL')) {
        report(
          [...at, 'capabilities', 'drop'],
          `container "${container.name}" does not drop all capabilities`,
          'capabilities.drop: [ALL]',
        );
      }
      asArray(capabilities.add).forEach((capability, index) => {
        if (capability !== 'NET_BIND_SERVICE') {
          report(
            [...at, 'capabilities', 'add', index],
            `container "${container.name}" adds capability ${String(capability)}`,
            'only NET_BIND_SERVICE may be added',
          );
        }
      });
    }
  },
};

export const RESTRICTED_CONTROLS: readonly PssControl[] = [
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
];
