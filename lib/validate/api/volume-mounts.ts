import { ClusterIndex } from '../cluster-index';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, type PodTemplate } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

type Add = (path: PathSegments, message: string, expected: string) => void;

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

/** validateLocalDescendingPath: a path below the volume's root, never absolute and never through `..`. */
function descendingPathProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.startsWith('/')) problems.push('must be a relative path');
  // Split on '/' only: the API server runs on Linux, where filepath.ToSlash leaves backslashes alone.
  if (value.split('/').includes('..')) problems.push("must not contain '..'");
  return problems;
}

/** The volumes of a pod by name. */
function volumesOf(template: PodTemplate): Map<string, Record<string, unknown>> {
  const volumes = new Map<string, Record<string, unknown>>();
  for (const raw of asArray(template.spec.volumes)) {
    const volume = asRecord(raw);
    if (typeof volume.name === 'string') volumes.set(volume.name, volume);
  }
  return volumes;
}

function checkMounts(
  container: Record<string, unknown>,
  at: PathSegments,
  name: string,
  volumes: Map<string, Record<string, unknown>>,
  add: Add,
): void {
  const known = [...volumes.keys()];
  const devices = asArray(container.volumeDevices).map(asRecord);
  const privileged = asRecord(container.securityContext).privileged === true;
  asArray(container.volumeMounts).forEach((raw, index) => {
    const mount = asRecord(raw);
    const path = [...at, 'volumeMounts', index];
    const volume = typeof mount.name === 'string' ? volumes.get(mount.name) : undefined;
    if (typeof mount.name === 'string' && volume === undefined)
      add(
        [...path, 'name'],
        `container "${name}" mounts volume ${JSON.stringify(mount.name)}, which the pod does not define`,
        known.length > 0 ? `one of the pod's volumes: ${known.join(', ')}` : 'a volume of that name in spec.volumes',
      );
    if (mount.name === '')
      add([...path, 'name'], `container "${name}" has a volume mount without a name`, 'the name of a pod volume');
    if (mount.mountPath === '')
      add(
        [...path, 'mountPath'],
        `container "${name}" has a volume mount without a mountPath`,
        'an absolute path in the container',
      );
    if (devices.some((device) => device.name === mount.name))
      add(
        [...path, 'name'],
        `volume ${JSON.stringify(mount.name)} is also in volumeDevices`,
        'a volume used either as a mount or as a block device',
      );
    if (devices.some((device) => device.devicePath === mount.mountPath))
      add(
        [...path, 'mountPath'],
        `mountPath ${JSON.stringify(mount.mountPath)} is also a devicePath`,
        'distinct mount and device paths',
      );
    for (const field of ['subPath', 'subPathExpr'] as const) {
      const value = mount[field];
      if (typeof value !== 'string' || value === '') continue;
      if (volume?.image !== undefined)
        add([...path, field], `${field} is not allowed in image volume sources`, `no ${field} on an image volume`);
      const problems = descendingPathProblems(value);
      if (problems.length > 0)
        add(
          [...path, field],
          `container "${name}" ${field} ${JSON.stringify(value)}: ${problems.join('; ')}`,
          'a relative path inside the volume, without ".."',
        );
    }
    if (
      typeof mount.subPath === 'string' &&
      mount.subPath !== '' &&
      typeof mount.subPathExpr === 'string' &&
      mount.subPathExpr !== ''
    )
      add([...path, 'subPathExpr'], 'subPathExpr and subPath are mutually exclusive', 'one of subPath, subPathExpr');
    const propagation = mount.mountPropagation;
    if (typeof propagation === 'string') {
      if (!PROPAGATIONS.includes(propagation))
        add(
          [...path, 'mountPropagation'],
          `mountPropagation ${JSON.stringify(propagation)} is not supported`,
          `one of: ${PROPAGATIONS.join(', ')}`,
        );
      else if (propagation === 'Bidirectional' && !privileged)
        add(
          [...path, 'mountPropagation'],
          `container "${name}": Bidirectional mount propagation is available only to privileged containers`,
          'HostToContainer or None (or a privileged container, which PSS forbids)',
        );
    }
    const recursive = mount.recursiveReadOnly;
    if (typeof recursive === 'string' && recursive !== 'Disabled') {
      if (!RECURSIVE_READ_ONLY.includes(recursive))
        add(
          [...path, 'recursiveReadOnly'],
          `recursiveReadOnly ${JSON.stringify(recursive)} is not supported`,
          `one of: ${RECURSIVE_READ_ONLY.join(', ')}`,
        );
      else {
        if (mount.readOnly !== true)
          add(
            [...path, 'recursiveReadOnly'],
            'recursiveReadOnly may only be specified when readOnly is true',
            'readOnly: true',
          );
        if (propagation !== undefined && propagation !== 'None')
          add(
            [...path, 'recursiveReadOnly'],
            'recursiveReadOnly may only be specified when mountPropagation is None or not specified',
            'no mountPropagation, or None',
          );
      }
    }
  });
  devices.forEach((device, index) => {
    if (typeof device.name !== 'string') return;
    const volume = volumes.get(device.name);
    const path = [...at, 'volumeDevices', index, 'name'];
    if (volume === undefined)
      add(
        path,
        `container "${name}" uses block device volume ${JSON.stringify(device.name)}, which the pod does not define`,
        'the name of a pod volume',
      );
    else if (volume.persistentVolumeClaim === undefined && volume.ephemeral === undefined)
      add(
        path,
        `volume ${JSON.stringify(device.name)} can only be a block device if it is a PersistentVolumeClaim or Ephemeral volume`,
        'a persistentVolumeClaim or ephemeral volume',
      );
  });
}

/**
 * Every volumeMount names a volume of its pod, and subPath, propagation and read-only settings are ones the
 * API server accepts (core/validation ValidateVolumeMounts, ValidateVolumeDevices). Duplicate mountPaths are
 * api-list-map-keys findings (mountPath is the list's key).
 */
export const volumeMounts: Rule = {
  id: 'api-volume-mounts',
  category: 'api',
  rationale:
    'The API server rejects a mount of a volume the pod does not define, a subPath that is absolute or climbs out with "..", and Bidirectional propagation in unprivileged containers.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(template.document, 'api-volume-mounts', path, message, expected));
      const volumes = volumesOf(template);
      for (const { container, path, name } of containersOf(template)) checkMounts(container, path, name, volumes, add);
    }
    return findings;
  },
};
