import { ClusterIndex } from '../cluster-index';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { asRecord, containersOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';
import { qualifiedName } from './name-syntax';
import {
  compareQuantities,
  isInteger,
  isMultipleOf,
  isNegative,
  parseQuantity,
  QUANTITY_FORMAT,
  type Quantity,
} from './quantity';

type Add = (path: PathSegments, message: string, expected: string) => void;

const HUGE_PAGES = 'hugepages-';
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** IsStandardResourceName: the names without a domain that the API server knows at all. */
const STANDARD_RESOURCES = new Set([
  ...CONTAINER_RESOURCES,
  ...['requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'requests.storage'],
  ...['limits.cpu', 'limits.memory', 'limits.ephemeral-storage'],
  ...['pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps'],
  ...['persistentvolumeclaims', 'storage', 'services.nodeports', 'services.loadbalancers'],
]);

/** Resources in the kubernetes.io namespace (no domain, or a kubernetes.io domain) may be overcommitted... */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** ...except huge pages: those, and extended resources (nvidia.com/gpu), need request == limit. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !name.startsWith(HUGE_PAGES);
}

/** An extended resource (a domain outside kubernetes.io) is counted in whole units. */
function isExtended(name: string): boolean {
  return !isNative(name) && !name.startsWith('requests.') && qualifiedName(`requests.${name}`).length === 0;
}

const nameProblems = new Map<string, string[]>();

/** validateContainerResourceName: what is wrong with a resource name in a container's requests or limits. */
function resourceNameProblems(name: string): string[] {
  let problems = nameProblems.get(name);
  if (problems === undefined) {
    problems = resourceNameProblemsUncached(name);
    if (nameProblems.size < 10_000) nameProblems.set(name, problems);
  }
  return problems;
}

function resourceNameProblemsUncached(name: string): string[] {
  const problems = qualifiedName(name);
  if (problems.length > 0) return problems;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !name.startsWith(HUGE_PAGES))
      problems.push('must be a standard resource type or fully qualified');
    if (!CONTAINER_RESOURCES.has(name) && !name.startsWith(HUGE_PAGES))
      problems.push('must be a standard resource for containers');
  } else if (!isNative(name) && !isExtended(name)) {
    problems.push("doesn't follow extended resource name standard");
  }
  return problems;
}

interface Entry {
  readonly name: string;
  readonly raw: unknown;
  readonly quantity: Quantity | undefined;
  readonly path: PathSegments;
}

/** Checks each entry of `requests` or `limits` on its own: name, syntax, sign, whole units, huge page size. */
function readList(list: unknown, at: PathSegments, what: string, add: Add): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const [name, raw] of Object.entries(asRecord(list))) {
    const path = [...at, name];
    const nameProblems = resourceNameProblems(name);
    if (nameProblems.length > 0)
      add(
        path,
        `${what} resource name ${JSON.stringify(name)}: ${nameProblems.join('; ')}`,
        'cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain (example.com/device)',
      );
    const quantity = parseQuantity(raw);
    entries.set(name, { name, raw, quantity, path });
    if (quantity === undefined) {
      if (typeof raw === 'string' || typeof raw === 'number')
        add(
          path,
          `${what} ${name} ${JSON.stringify(raw)}: ${QUANTITY_FORMAT}`,
          'a quantity such as 250m, 0.5, 512Mi or 2Gi',
        );
      continue; // other types are the schema's finding
    }
    if (isNegative(quantity))
      add(path, `${what} ${name} ${String(raw)} must be greater than or equal to 0`, 'a quantity of 0 or more');
    if (isExtended(name) && !isInteger(quantity))
      add(path, `${what} ${name} ${String(raw)} must be an integer`, 'a whole number of units');
    if (name.startsWith(HUGE_PAGES)) {
      const page = parseQuantity(name.slice(HUGE_PAGES.length));
      if (page !== undefined && !isMultipleOf(quantity, page))
        add(
          path,
          `${what} ${name} ${String(raw)} is not positive integer multiple of ${name}`,
          `a multiple of ${name.slice(HUGE_PAGES.length)}`,
        );
    }
  }
  return entries;
}

/**
 * validateResourceRequirements for one container. Requests are compared with limits as the pod will have them:
 * a limit without a request is fine, because the API server defaults the request to the limit (SetDefaults_Pod).
 */
function checkRequirements(resources: Record<string, unknown>, at: PathSegments, container: string, add: Add): void {
  const limits = readList(resources.limits, [...at, 'limits'], `container "${container}" limit`, add);
  const requests = readList(resources.requests, [...at, 'requests'], `container "${container}" request`, add);
  for (const request of requests.values()) {
    const limit = limits.get(request.name);
    if (limit === undefined) {
      if (!overcommitAllowed(request.name))
        add(
          [...at, 'limits'],
          `container "${container}" requests ${request.name} without a limit: Limit must be set for non overcommitable resources`,
          `limits.${request.name} equal to the request (or only the limit: the request defaults to it)`,
        );
      continue;
    }
    if (request.quantity === undefined || limit.quantity === undefined) continue;
    const order = compareQuantities(request.quantity, limit.quantity);
    if (order !== 0 && !overcommitAllowed(request.name)) {
      add(
        request.path,
        `container "${container}" request ${request.name} ${String(request.raw)} must be equal to ${request.name} limit of ${String(limit.raw)}`,
        `requests.${request.name} equal to limits.${request.name} (huge pages and extended resources cannot be overcommitted)`,
      );
    } else if (order > 0) {
      add(
        request.path,
        `container "${container}" request ${request.name} ${String(request.raw)} must be less than or equal to ${request.name} limit of ${String(limit.raw)}`,
        `requests.${request.name} at most ${String(limit.raw)}, or a higher limit`,
      );
    }
  }
  const names = [...limits.keys(), ...requests.keys()];
  if (names.some((name) => name.startsWith(HUGE_PAGES)) && !names.some((name) => name === 'cpu' || name === 'memory'))
    add(
      at,
      `container "${container}" asks for huge pages without cpu or memory: HugePages require cpu or memory`,
      'a cpu or memory request or limit next to the huge pages',
    );
}

/** Container requests and limits are what the API server accepts (core/validation validateResourceRequirements). */
export const resourceRequirements: Rule = {
  id: 'api-resources',
  category: 'api',
  rationale:
    'The API server rejects a request above its limit, unparseable or negative quantities, unknown resource names, and huge pages or extended resources whose request differs from the limit.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      const add: Add = (path, message, expected) =>
        findings.push(findingAt(template.document, 'api-resources', path, message, expected));
      // The API server forbids resources on ephemeral containers, so only init and app containers have any.
      for (const { container, path, name } of containersOf(template, ['initContainers', 'containers'])) {
        if (container.resources !== undefined)
          checkRequirements(asRecord(container.resources), [...path, 'resources'], name, add);
      }
    }
    return findings;
  },
};
