import { ClusterIndex } from '../cluster-index';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';
import { configMapKey, dns1123Subdomain, envVarName, qualifiedName } from './name-syntax';

type Add = (path: PathSegments, message: string, expected: string) => void;

/** RelaxedEnvironmentVariableValidation is on by default from 1.32 (beta) and locked on from 1.34 (GA). */
export function relaxedEnvVarNames(kubernetesVersion: string): boolean {
  const [major = 0, minor = 0] = kubernetesVersion.split('.').map(Number);
  return major > 1 || minor >= 32;
}

/** The downward API fields an env var may read (validEnvDownwardAPIFieldPathExpressions). */
const ENV_FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const SUBSCRIPTED = /^(metadata\.labels|metadata\.annotations)\['(.*)'\]$/;
const RESOURCE_FIELDS = new Set([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]);
const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;

/** NameIsDNSSubdomain with prefix=true, as envFrom names are checked: a trailing '-' is tolerated. */
function prefixTolerantSubdomain(name: string): string[] {
  return dns1123Subdomain(name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

function checkName(name: unknown, at: PathSegments, what: string, relaxed: boolean, add: Add): void {
  if (typeof name !== 'string') return; // the schema reports a missing or non-string name
  const problems = name === '' ? ['Required value'] : envVarName(name, relaxed);
  if (problems.length > 0)
    add(
      at,
      `${what} ${JSON.stringify(name)}: ${problems.join('; ')}`,
      relaxed
        ? 'a non-empty name of printable ASCII characters other than "="'
        : 'a name of letters, digits, "_", "-" and "." that does not start with a digit',
    );
}

function checkKeySelector(selector: Record<string, unknown>, at: PathSegments, what: string, add: Add): void {
  if (typeof selector.name === 'string') {
    const problems = dns1123Subdomain(selector.name);
    if (problems.length > 0)
      add(
        [...at, 'name'],
        `${what} name ${JSON.stringify(selector.name)}: ${problems.join('; ')}`,
        'a DNS-1123 subdomain',
      );
  }
  if (typeof selector.key === 'string') {
    const problems = selector.key === '' ? ['Required value'] : configMapKey(selector.key);
    if (problems.length > 0)
      add(
        [...at, 'key'],
        `${what} key ${JSON.stringify(selector.key)}: ${problems.join('; ')}`,
        'a key of [-._a-zA-Z0-9]',
      );
  }
}

function checkFieldRef(fieldRef: Record<string, unknown>, at: PathSegments, add: Add): void {
  const apiVersion = fieldRef.apiVersion ?? 'v1';
  if (apiVersion !== 'v1')
    add([...at, 'apiVersion'], `fieldRef apiVersion ${JSON.stringify(apiVersion)} is not supported`, 'v1');
  const fieldPath = fieldRef.fieldPath;
  if (typeof fieldPath !== 'string') return;
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (subscripted !== null) {
    const [, field = '', key = ''] = subscripted;
    const problems = qualifiedName(field === 'metadata.annotations' ? key.toLowerCase() : key);
    if (problems.length > 0)
      add(at, `fieldRef ${fieldPath}: ${problems.join('; ')}`, 'a qualified label or annotation key');
  } else if (!ENV_FIELD_PATHS.has(fieldPath)) {
    add(
      [...at, 'fieldPath'],
      `fieldRef fieldPath ${JSON.stringify(fieldPath)} is not supported for env vars`,
      `one of: ${[...ENV_FIELD_PATHS].join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']`,
    );
  }
}

function checkValueFrom(variable: Record<string, unknown>, at: PathSegments, add: Add): void {
  const valueFrom = asRecord(variable.valueFrom);
  const sources = VALUE_SOURCES.filter((source) => valueFrom[source] !== undefined);
  if (sources.length === 0) {
    add(
      at,
      'valueFrom must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'exactly one source',
    );
  } else if (typeof variable.value === 'string' && variable.value !== '') {
    add(at, 'valueFrom may not be specified when `value` is not empty', 'either value or valueFrom');
  } else if (sources.length > 1) {
    add(
      at,
      `valueFrom may not have more than one field specified at a time (has ${sources.join(', ')})`,
      'exactly one source',
    );
  }
  if (valueFrom.fieldRef !== undefined) checkFieldRef(asRecord(valueFrom.fieldRef), [...at, 'fieldRef'], add);
  const resource = asRecord(valueFrom.resourceFieldRef).resource;
  if (
    typeof resource === 'string' &&
    !RESOURCE_FIELDS.has(resource) &&
    !resource.startsWith('requests.hugepages-') &&
    !resource.startsWith('limits.hugepages-')
  )
    add(
      [...at, 'resourceFieldRef', 'resource'],
      `resourceFieldRef resource ${JSON.stringify(resource)} is not supported`,
      `one of: ${[...RESOURCE_FIELDS].join(', ')}, requests.hugepages-<size>, limits.hugepages-<size>`,
    );
  for (const source of ['configMapKeyRef', 'secretKeyRef'] as const) {
    if (valueFrom[source] !== undefined) checkKeySelector(asRecord(valueFrom[source]), [...at, source], source, add);
  }
}

function checkEnvFrom(source: Record<string, unknown>, at: PathSegments, relaxed: boolean, add: Add): void {
  if (typeof source.prefix === 'string' && source.prefix !== '')
    checkName(source.prefix, [...at, 'prefix'], 'envFrom prefix', relaxed, add);
  const refs = (['configMapRef', 'secretRef'] as const).filter((ref) => source[ref] !== undefined);
  if (refs.length === 0)
    add(at, 'envFrom must specify one of: `configMapRef` or `secretRef`', 'exactly one of configMapRef, secretRef');
  if (refs.length > 1)
    add(at, 'envFrom may not have more than one field specified at a time', 'exactly one of configMapRef, secretRef');
  for (const ref of refs) {
    const name = asRecord(source[ref]).name;
    if (typeof name !== 'string') continue;
    const problems = name === '' ? ['Required value'] : prefixTolerantSubdomain(name);
    if (problems.length > 0)
      add(
        [...at, ref, 'name'],
        `envFrom ${ref} name ${JSON.stringify(name)}: ${problems.join('; ')}`,
        'a DNS-1123 subdomain',
      );
  }
}

/**
 * Env var names, their sources and envFrom prefixes are what the cluster's API server accepts
 * (core/validation ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom), per Kubernetes version.
 */
export const envVars: Rule = {
  id: 'api-env',
  category: 'api',
  rationale:
    'The API server rejects env var names and envFrom prefixes it cannot export, valueFrom with no or several sources, and unsupported downward API fields.',
  check({ cluster, documents }) {
    const relaxed = relaxedEnvVarNames(cluster.kubernetesVersion);
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(template.document, 'api-env', path, message, expected));
      for (const { container, path, name } of containersOf(template)) {
        asArray(container.env).forEach((raw, index) => {
          const variable = asRecord(raw);
          const at = [...path, 'env', index];
          checkName(variable.name, [...at, 'name'], `container "${name}" env var name`, relaxed, add);
          if (variable.valueFrom !== undefined) checkValueFrom(variable, [...at, 'valueFrom'], add);
        });
        asArray(container.envFrom).forEach((raw, index) =>
          checkEnvFrom(asRecord(raw), [...path, 'envFrom', index], relaxed, add),
        );
      }
    }
    return findings;
  },
};
