import type { PathSegments } from './json-path';
import type { KubeObject, ManifestDocument } from './types';

/** Narrows an unknown YAML value to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested field; undefined when any step is missing. */
export function getIn(value: unknown, segments: PathSegments): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function kindOf(object: KubeObject): string {
  return typeof object.kind === 'string' ? object.kind : '';
}

export function apiVersionOf(object: KubeObject): string {
  return typeof object.apiVersion === 'string' ? object.apiVersion : '';
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function nameOf(object: KubeObject): string {
  const name = object.metadata?.name;
  return typeof name === 'string' ? name : '';
}

export function namespaceOf(object: KubeObject): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

export function labelsOf(object: KubeObject): Record<string, unknown> {
  return asRecord(object.metadata?.labels);
}

export function annotationsOf(object: KubeObject): Record<string, unknown> {
  return asRecord(object.metadata?.annotations);
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), as a reviewer reads it. */
export function describeResource(object: KubeObject): string {
  const namespace = namespaceOf(object);
  return `${kindOf(object) || '<no kind>'} ${namespace === undefined ? '' : `${namespace}/`}${nameOf(object) || '<no name>'}`;
}

/** Where the pod template of a workload lives. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, PathSegments>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // Argo Rollouts (argoproj.io): a Rollout with its own template runs pods like a Deployment.
  Rollout: ['spec', 'template'],
};

/** The API group each kind of POD_TEMPLATE_PATHS belongs to (a custom `Rollout` of another group is not ours). */
const POD_TEMPLATE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Rollout: ['argoproj.io'],
};

/** Workloads that run for good, so they need probes and disruption budgets. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout']);

export interface PodTemplate {
  readonly document: ManifestDocument;
  /** Path of the pod spec (`spec` of the template, or `spec` of a Pod). */
  readonly specPath: PathSegments;
  readonly spec: Record<string, unknown>;
  readonly labels: Record<string, unknown>;
}

/** The pod spec a document runs, if it runs pods (core `v1` Pods and the built-in workload kinds). */
export function podTemplateOf(document: ManifestDocument): PodTemplate | undefined {
  const object = document.object;
  const kind = kindOf(object);
  const apiVersion = apiVersionOf(object);
  if (kind === 'Pod' && apiVersion === 'v1') {
    return { document, specPath: ['spec'], spec: asRecord(object.spec), labels: labelsOf(object) };
  }
  const templatePath = POD_TEMPLATE_PATHS[kind];
  if (templatePath === undefined || !(POD_TEMPLATE_GROUPS[kind] ?? ['apps', 'batch']).includes(groupOf(apiVersion))) {
    return undefined;
  }
  const template = asRecord(getIn(object, templatePath));
  return {
    document,
    specPath: [...templatePath, 'spec'],
    spec: asRecord(template.spec),
    labels: asRecord(getIn(template, ['metadata', 'labels'])),
  };
}

export interface ContainerRef {
  readonly container: Record<string, unknown>;
  readonly path: PathSegments;
  readonly name: string;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
}

/** Every container of a pod spec, with its path from the document root. */
export function containersOf(template: PodTemplate, lists = ['initContainers', 'containers', 'ephemeralContainers']) {
  const out: ContainerRef[] = [];
  for (const list of lists) {
    asArray(template.spec[list]).forEach((container, index) => {
      const record = asRecord(container);
      out.push({
        container: record,
        path: [...template.specPath, list, index],
        name: typeof record.name === 'string' ? record.name : `#${index}`,
        list,
      });
    });
  }
  return out;
}

/** Whether an equality label selector (`matchLabels` or a Service selector) selects these labels. */
export function selectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** A `LabelSelector` (matchLabels and matchExpressions) against labels. An empty selector selects everything. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  const record = asRecord(selector);
  const matchLabels = asRecord(record.matchLabels);
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return asArray(record.matchExpressions).every((raw) => {
    const expression = asRecord(raw);
    const key = String(expression.key);
    const values = asArray(expression.values).map(String);
    const present = key in labels;
    switch (expression.operator) {
      case 'In':
        return present && values.includes(String(labels[key]));
      case 'NotIn':
        return !present || !values.includes(String(labels[key]));
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
}
