import { ClusterIndex } from '../cluster-index';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, containersOf, getIn, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';
import { dns1123Label, ianaServiceName, portNumber } from './name-syntax';

type Add = (path: PathSegments, message: string, expected: string) => void;

const NUMBER_EXPECTED = 'a port number from 1 to 65535';
const NAME_EXPECTED =
  'an IANA service name: at most 15 characters of a-z, 0-9 and "-", with a letter, no "--", no hyphen at either end';

function checkNumber(value: unknown, path: PathSegments, what: string, add: Add): void {
  if (typeof value !== 'number') return;
  const problems = portNumber(value);
  if (problems.length > 0) add(path, `${what} ${value} ${problems.join('; ')}`, NUMBER_EXPECTED);
}

function checkName(value: unknown, path: PathSegments, what: string, add: Add): void {
  if (typeof value !== 'string') return;
  const problems = ianaServiceName(value);
  if (problems.length > 0) add(path, `${what} ${JSON.stringify(value)}: ${problems.join('; ')}`, NAME_EXPECTED);
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function checkProtocol(value: unknown, path: PathSegments, what: string, add: Add): void {
  if (typeof value === 'string' && !PROTOCOLS.includes(value))
    add(path, `${what} protocol ${JSON.stringify(value)} is not supported`, `one of: ${PROTOCOLS.join(', ')}`);
}

/** An int-or-string port: a number in range or an IANA port name. */
function checkNumberOrName(value: unknown, path: PathSegments, what: string, add: Add): void {
  if (typeof value === 'number') checkNumber(value, path, what, add);
  else checkName(value, path, what, add);
}

const HANDLERS: readonly PathSegments[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

function checkPodPorts(document: ManifestDocument, index: ClusterIndex, add: Add): void {
  const template = index.templateOf(document);
  if (template !== undefined) {
    for (const { container, path, name } of containersOf(template)) {
      const names = new Set<string>();
      asArray(container.ports).forEach((raw, portIndex) => {
        const port = asRecord(raw);
        const at = [...path, 'ports', portIndex];
        checkNumber(port.containerPort, [...at, 'containerPort'], `container "${name}" containerPort`, add);
        if (port.hostPort !== undefined && port.hostPort !== 0)
          checkNumber(port.hostPort, [...at, 'hostPort'], `container "${name}" hostPort`, add);
        checkName(port.name, [...at, 'name'], `container "${name}" port name`, add);
        checkProtocol(port.protocol, [...at, 'protocol'], `container "${name}" port`, add);
        if (typeof port.name === 'string') {
          if (names.has(port.name))
            add(
              [...at, 'name'],
              `container "${name}" has two ports named ${JSON.stringify(port.name)}`,
              'unique port names',
            );
          names.add(port.name);
        }
      });
      for (const handler of HANDLERS) {
        const record = asRecord(getIn(container, handler));
        const at = [...path, ...handler];
        checkNumberOrName(
          getIn(record, ['httpGet', 'port']),
          [...at, 'httpGet', 'port'],
          `container "${name}" ${handler.join('.')} port`,
          add,
        );
        checkNumberOrName(
          getIn(record, ['tcpSocket', 'port']),
          [...at, 'tcpSocket', 'port'],
          `container "${name}" ${handler.join('.')} port`,
          add,
        );
        checkNumber(
          getIn(record, ['grpc', 'port']),
          [...at, 'grpc', 'port'],
          `container "${name}" ${handler.join('.')} gRPC port`,
          add,
        );
      }
    }
  }
}

function checkServicePorts(document: ManifestDocument, add: Add): void {
  const ports = asArray(getIn(document.object, ['spec', 'ports']));
  const names = new Set<string>();
  ports.forEach((raw, index) => {
    const port = asRecord(raw);
    const at = ['spec', 'ports', index];
    checkNumber(port.port, [...at, 'port'], 'Service port', add);
    // An unset targetPort (0 or "") defaults to the port (SetDefaults_Service).
    if (port.targetPort !== 0 && port.targetPort !== '')
      checkNumberOrName(port.targetPort, [...at, 'targetPort'], 'Service targetPort', add);
    checkProtocol(port.protocol, [...at, 'protocol'], 'Service port', add);
    if (port.nodePort !== undefined && port.nodePort !== 0)
      checkNumber(port.nodePort, [...at, 'nodePort'], 'Service nodePort', add);
    if (typeof port.name === 'string' && port.name !== '') {
      const problems = dns1123Label(port.name);
      if (problems.length > 0)
        add(
          [...at, 'name'],
          `Service port name ${JSON.stringify(port.name)}: ${problems.join('; ')}`,
          'a DNS-1123 label',
        );
      if (names.has(port.name))
        add([...at, 'name'], `two Service ports are named ${JSON.stringify(port.name)}`, 'unique port names');
      names.add(port.name);
    } else if (ports.length > 1) {
      add([...at, 'name'], 'a Service with more than one port needs a name on every port', 'a DNS-1123 label name');
    }
  });
}

/** Port numbers are 1-65535 and port names valid and unique (containers, probes, Services). */
export const ports: Rule = {
  id: 'api-ports',
  category: 'api',
  rationale: 'The API server rejects port numbers outside 1-65535, invalid port names and duplicate names.',
  check({ documents }) {
    const index = ClusterIndex.of(documents);
    const findings: Finding[] = [];
    for (const document of documents) {
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(document, 'api-ports', path, message, expected));
      checkPodPorts(document, index, add);
      if (kindOf(document.object) === 'Service' && apiVersionOf(document.object) === 'v1')
        checkServicePorts(document, add);
    }
    return findings;
  },
};
