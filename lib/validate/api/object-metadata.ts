import type { PathSegments } from '../json-path';
import { apiVersionOf, asArray, asRecord, getIn, groupOf, kindOf } from '../kube-object';
import type { ManifestDocument } from '../types';

/** A `metadata` block inside a document: the object's own and those of its pod and job templates. */
export interface MetadataRef {
  readonly path: PathSegments;
  readonly metadata: Record<string, unknown>;
}

const TEMPLATE_METADATA: Readonly<Record<string, readonly PathSegments[]>> = {
  Deployment: [['spec', 'template', 'metadata']],
  StatefulSet: [['spec', 'template', 'metadata']],
  DaemonSet: [['spec', 'template', 'metadata']],
  ReplicaSet: [['spec', 'template', 'metadata']],
  Job: [['spec', 'template', 'metadata']],
  CronJob: [
    ['spec', 'jobTemplate', 'metadata'],
    ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  ],
};

/** Every metadata block of a document that the API server validates as ObjectMeta. */
export function metadataOf(document: ManifestDocument): MetadataRef[] {
  const object = document.object;
  const out: MetadataRef[] = [{ path: ['metadata'], metadata: asRecord(object.metadata) }];
  const builtIn = ['apps', 'batch'].includes(groupOf(apiVersionOf(object)));
  for (const path of builtIn ? (TEMPLATE_METADATA[kindOf(object)] ?? []) : []) {
    const metadata = getIn(object, path);
    if (metadata !== undefined) out.push({ path, metadata: asRecord(metadata) });
  }
  return out;
}

/** A label selector (`matchLabels`/`matchExpressions`) inside a document. */
export interface SelectorRef {
  readonly path: PathSegments;
  readonly selector: Record<string, unknown>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'PodDisruptionBudget']);

/** The LabelSelectors of built-in kinds: workload and PDB selectors, NetworkPolicy pod and namespace selectors. */
export function labelSelectorsOf(document: ManifestDocument): SelectorRef[] {
  const object = document.object;
  const kind = kindOf(object);
  const group = groupOf(apiVersionOf(object));
  const out: SelectorRef[] = [];
  const add = (path: PathSegments) => {
    const selector = getIn(object, path);
    if (selector !== undefined) out.push({ path, selector: asRecord(selector) });
  };
  if (WORKLOAD_KINDS.has(kind) && ['apps', 'batch', 'policy'].includes(group)) add(['spec', 'selector']);
  if (kind === 'CronJob' && group === 'batch') add(['spec', 'jobTemplate', 'spec', 'selector']);
  if (kind === 'NetworkPolicy' && group === 'networking.k8s.io') {
    add(['spec', 'podSelector']);
    for (const [direction, peers] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      asArray(getIn(object, ['spec', direction])).forEach((rule, ruleIndex) => {
        asArray(asRecord(rule)[peers]).forEach((_peer, peerIndex) => {
          add(['spec', direction, ruleIndex, peers, peerIndex, 'podSelector']);
          add(['spec', direction, ruleIndex, peers, peerIndex, 'namespaceSelector']);
        });
      });
    }
  }
  return out;
}
