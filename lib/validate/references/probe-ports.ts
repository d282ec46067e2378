import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, getIn } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** A probe that names its port (`port: http`) names a port of its own container, or the kubelet cannot resolve it. */
export const probePorts: Rule = {
  id: 'ref-probe-port',
  category: 'reference',
  rationale:
    'A probe on a port name the container does not declare always fails: the pod never gets ready or restarts forever.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      for (const { container, path, name } of containersOf(template)) {
        const declared = asArray(container.ports)
          .map((port) => asRecord(port).name)
          .filter((portName): portName is string => typeof portName === 'string');
        for (const probe of PROBES) {
          for (const handler of ['httpGet', 'tcpSocket']) {
            const port = getIn(container, [probe, handler, 'port']);
            if (typeof port !== 'string' || declared.includes(port)) continue;
            findings.push(
              findingAt(
                template.document,
                'ref-probe-port',
                [...path, probe, handler, 'port'],
                `container "${name}" ${probe} uses port "${port}", which the container does not declare`,
                declared.length > 0
                  ? `one of: ${declared.join(', ')} (or a port number)`
                  : "a port number, or a named entry in the container's ports",
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
