import { apiVersionOf, asArray, getIn, kindOf } from '../validate/kube-object';
import { type FieldChange, fieldChanges } from './field-changes';
import { type ProductionRisk, productionRisks } from './production-risks';
import type { Resource } from './resources';
import { byCodePoint } from '../order';

export type ChangeStatus = 'added' | 'removed' | 'changed';

export interface ResourceChange {
  readonly status: ChangeStatus;
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  /** Changed fields (changed resources only). */
  readonly fields: readonly FieldChange[];
}

export type CalloutKind =
  `${ProductionRisk}` | 'deletion' | 'exposure' | 'image' | 'replicas' | 'resources' | 'sync-wave';

/** Something a reviewer must not miss. */
export interface Callout {
  readonly kind: CalloutKind;
  readonly id: string;
  readonly text: string;
}

export interface ClusterDiff {
  readonly cluster: string;
  readonly environment: string;
  readonly production: boolean;
  readonly changes: readonly ResourceChange[];
  readonly callouts: readonly Callout[];
}

export interface DiffOptions {
  /** Cluster name -> environment; production clusters come first and are marked. */
  readonly environments: Readonly<Record<string, string>>;
  /** More resources that may hold Argo CD Applications (the bootstrap in `argocd/`). @default none */
  readonly bootstrap?: Iterable<Resource>;
}

const RISKY_KINDS: Readonly<Record<string, string>> = {
  PersistentVolumeClaim: 'its volume and data may be deleted',
  PersistentVolume: 'its data may be deleted',
  CustomResourceDefinition: 'every custom resource of this kind is deleted with it',
  Namespace: 'everything in the namespace is deleted with it',
  Application: 'with the resources finalizer, Argo CD deletes everything the Application manages',
};

const SYNC_WAVE = "metadata.annotations['argocd.argoproj.io/sync-wave']";

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job']);

/** Values as a reviewer reads them; image digests shortened to 12 hex digits. */
function show(value: unknown): string {
  const text = value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/@sha256:([a-f0-9]{12})[a-f0-9]{52}/g, '@sha256:$1…');
}

/** Every container image of a workload object, wherever its pod template sits. */
function imagesOf(object: unknown): string[] {
  const images: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (value !== null && typeof value === 'object') {
      for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
    } else if (key === 'image' && typeof value === 'string') images.push(value);
  };
  visit(object, '');
  return images;
}

/** Folders synced by an Application with automated prune: deleting a file there deletes the object. */
export function prunedFolders(resources: Iterable<Resource>): string[] {
  const folders: string[] = [];
  for (const resource of resources) {
    const object = resource.object;
    if (kindOf(object) !== 'Application' || !apiVersionOf(object).startsWith('argoproj.io/')) continue;
    if (getIn(object, ['spec', 'syncPolicy', 'automated', 'prune']) !== true) continue;
    const sources = [getIn(object, ['spec', 'source']), ...asArray(getIn(object, ['spec', 'sources']))];
    for (const source of sources) {
      const path = getIn(source, ['path']);
      if (typeof path === 'string') folders.push(path.replace(/^\.\//, '').replace(/\/$/, ''));
    }
  }
  return folders;
}

function calloutsOf(change: ResourceChange, pruned: readonly string[], file: string, object?: unknown): Callout[] {
  const out: Callout[] = [];
  const add = (kind: CalloutKind, text: string) => out.push({ kind, id: change.id, text });
  if (change.status === 'removed') {
    const prunedBy = pruned.find((folder) => file === folder || file.startsWith(`${folder}/`));
    const risk = RISKY_KINDS[change.kind];
    if (risk !== undefined) add('deletion', `deleted: ${risk}${prunedBy === undefined ? '' : ' (Argo CD prunes it)'}`);
    else if (prunedBy !== undefined)
      add('deletion', `deleted: Argo CD prunes it from the cluster (${prunedBy} syncs with prune)`);
    return out;
  }
  if (change.status === 'added' && object !== undefined) {
    if (change.kind === 'Ingress') {
      const hosts = asArray(getIn(object, ['spec', 'rules'])).map((rule) => getIn(rule, ['host']));
      add('exposure', `new route: ${hosts.filter((host) => typeof host === 'string').join(', ') || '(any host)'}`);
    }
    if (WORKLOAD_KINDS.has(change.kind)) add('image', `new workload: ${imagesOf(object).map(show).join(', ')}`);
    return out;
  }
  for (const field of change.fields) {
    if (/(^|\.)containers\[[^\]]+\]\.image$/.test(field.path) || /initContainers\[[^\]]+\]\.image$/.test(field.path)) {
      add('image', `${field.path}: ${show(field.before)} → ${show(field.after)}`);
    } else if (/^spec\.(replicas|minReplicas|maxReplicas)$/.test(field.path)) {
      add('replicas', `${field.path}: ${show(field.before)} → ${show(field.after)}`);
    } else if (/ontainers\[[^\]]+\]\.resources\./.test(field.path)) {
      add('resources', `${field.path}: ${show(field.before)} → ${show(field.after)}`);
    } else if (field.path === SYNC_WAVE) {
      add('sync-wave', `sync wave: ${show(field.before)} → ${show(field.after)}`);
    }
  }
  return out;
}

/** Compares two sets of resources (base and head) cluster by cluster. */
export function diffResources(
  base: ReadonlyMap<string, Resource>,
  head: ReadonlyMap<string, Resource>,
  options: DiffOptions,
): ClusterDiff[] {
  const pruned = prunedFolders([...base.values(), ...head.values(), ...(options.bootstrap ?? [])]);
  const byCluster = new Map<string, { changes: ResourceChange[]; callouts: Callout[] }>();
  const entry = (cluster: string) => {
    let found = byCluster.get(cluster);
    if (found === undefined) {
      found = { changes: [], callouts: [] };
      byCluster.set(cluster, found);
    }
    return found;
  };
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const key of keys) {
    const before = base.get(key);
    const after = head.get(key);
    const resource = (after ?? before) as Resource;
    const fields = before !== undefined && after !== undefined ? fieldChanges(before.object, after.object) : [];
    if (before !== undefined && after !== undefined && fields.length === 0) continue;
    const status: ChangeStatus = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const change: ResourceChange = { status, id: resource.id, kind: resource.kind, file: resource.file, fields };
    const target = entry(resource.cluster);
    target.changes.push(change);
    target.callouts.push(
      ...productionRisks(status, fields, before?.object, after?.object).map((finding) => ({
        kind: finding.risk,
        id: resource.id,
        text: finding.text,
      })),
      ...calloutsOf(change, pruned, resource.file, after?.object),
    );
  }
  return [...byCluster.entries()]
    .map(([cluster, { changes, callouts }]) => {
      const environment = options.environments[cluster] ?? 'unknown';
      return { cluster, environment, production: environment === 'production', changes, callouts };
    })
    .sort((a, b) => Number(b.production) - Number(a.production) || byCodePoint(a.cluster, b.cluster));
}
