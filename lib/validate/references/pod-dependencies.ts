import { ClusterIndex } from '../cluster-index';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import {
  apiVersionOf,
  asArray,
  asRecord,
  containersOf,
  getIn,
  kindOf,
  nameOf,
  namespaceOf,
  type PodTemplate,
} from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

type DependencyKind = 'ServiceAccount' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';

/** One object a pod template needs before its pods can start. */
interface Dependency {
  readonly kind: DependencyKind;
  readonly name: string;
  readonly path: PathSegments;
}

/** Objects every namespace has without generated/ creating them. */
const BUILT_IN: Readonly<Record<DependencyKind, ReadonlySet<string>>> = {
  ServiceAccount: new Set(['default']),
  ConfigMap: new Set(['kube-root-ca.crt']),
  Secret: new Set(),
  PersistentVolumeClaim: new Set(),
};

function add(out: Dependency[], kind: DependencyKind, name: unknown, path: PathSegments, optional: unknown): void {
  if (typeof name === 'string' && name !== '' && optional !== true) out.push({ kind, name, path });
}

/** A `{ name, optional }` reference at `parent[field]` (configMapKeyRef, secretRef, a projected secret...). */
function addNamedRef(
  out: Dependency[],
  kind: DependencyKind,
  parent: Record<string, unknown>,
  field: string,
  at: PathSegments,
): void {
  const ref = asRecord(parent[field]);
  add(out, kind, ref.name, [...at, field, 'name'], ref.optional);
}

/** Everything a pod template references by name: service account, volumes, env, envFrom, pull secrets. */
export function dependenciesOf(template: PodTemplate): Dependency[] {
  const { spec, specPath } = template;
  const out: Dependency[] = [];
  add(
    out,
    'ServiceAccount',
    spec.serviceAccountName ?? spec.serviceAccount,
    [...specPath, spec.serviceAccountName === undefined ? 'serviceAccount' : 'serviceAccountName'],
    false,
  );
  asArray(spec.imagePullSecrets).forEach((ref, index) =>
    add(out, 'Secret', asRecord(ref).name, [...specPath, 'imagePullSecrets', index, 'name'], false),
  );
  asArray(spec.volumes).forEach((raw, index) => {
    const volume = asRecord(raw);
    const at = [...specPath, 'volumes', index];
    addNamedRef(out, 'ConfigMap', volume, 'configMap', at);
    const secret = asRecord(volume.secret);
    add(out, 'Secret', secret.secretName, [...at, 'secret', 'secretName'], secret.optional);
    add(
      out,
      'PersistentVolumeClaim',
      getIn(volume, ['persistentVolumeClaim', 'claimName']),
      [...at, 'persistentVolumeClaim', 'claimName'],
      false,
    );
    asArray(getIn(volume, ['projected', 'sources'])).forEach((source, sourceIndex) => {
      const projected = asRecord(source);
      const sourceAt = [...at, 'projected', 'sources', sourceIndex];
      addNamedRef(out, 'ConfigMap', projected, 'configMap', sourceAt);
      addNamedRef(out, 'Secret', projected, 'secret', sourceAt);
    });
  });
  for (const { container, path } of containersOf(template)) {
    asArray(container.env).forEach((raw, index) => {
      const from = asRecord(asRecord(raw).valueFrom);
      const at = [...path, 'env', index, 'valueFrom'];
      addNamedRef(out, 'ConfigMap', from, 'configMapKeyRef', at);
      addNamedRef(out, 'Secret', from, 'secretKeyRef', at);
    });
    asArray(container.envFrom).forEach((raw, index) => {
      const source = asRecord(raw);
      const at = [...path, 'envFrom', index];
      addNamedRef(out, 'ConfigMap', source, 'configMapRef', at);
      addNamedRef(out, 'Secret', source, 'secretRef', at);
    });
  }
  return out;
}

const DEFAULT_NAMESPACE = 'default';

/** `kind namespace/name` of everything that creates an object a pod can use. */
function providedObjects(documents: readonly ManifestDocument[]): Set<string> {
  const provided = new Set<string>();
  const put = (kind: DependencyKind, namespace: string | undefined, name: unknown) => {
    if (typeof name === 'string') provided.add(`${kind} ${namespace ?? DEFAULT_NAMESPACE}/${name}`);
  };
  for (const document of documents) {
    const { object } = document;
    const kind = kindOf(object);
    const namespace = namespaceOf(object);
    const group = apiVersionOf(object).split('/')[0];
    if (
      apiVersionOf(object) === 'v1' &&
      ['ServiceAccount', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'].includes(kind)
    ) {
      put(kind as DependencyKind, namespace, nameOf(object));
    }
    // An ExternalSecret creates its target Secret (named after the ExternalSecret unless target.name says otherwise).
    if (kind === 'ExternalSecret' && group === 'external-secrets.io') {
      put('Secret', namespace, getIn(object, ['spec', 'target', 'name']) ?? nameOf(object));
    }
    // A cert-manager Certificate writes its key pair to spec.secretName.
    if (kind === 'Certificate' && group === 'cert-manager.io')
      put('Secret', namespace, getIn(object, ['spec', 'secretName']));
  }
  return provided;
}

/** Every ServiceAccount, ConfigMap, Secret and PVC a pod template uses exists in its namespace (unless optional). */
export const podDependencies: Rule = {
  id: 'ref-pod-dependencies',
  category: 'reference',
  rationale:
    'A pod whose ServiceAccount, ConfigMap, Secret or PVC does not exist never starts (CreateContainerConfigError, Pending).',
  check({ documents }) {
    const provided = providedObjects(documents);
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      const namespace = namespaceOf(template.document.object) ?? DEFAULT_NAMESPACE;
      for (const dependency of dependenciesOf(template)) {
        if (BUILT_IN[dependency.kind].has(dependency.name)) continue;
        if (provided.has(`${dependency.kind} ${namespace}/${dependency.name}`)) continue;
        const known = [...provided]
          .filter((key) => key.startsWith(`${dependency.kind} ${namespace}/`))
          .map((key) => key.slice(key.indexOf('/') + 1));
        findings.push(
          findingAt(
            template.document,
            'ref-pod-dependencies',
            dependency.path,
            `${dependency.kind} "${dependency.name}" does not exist in namespace "${namespace}"`,
            dependency.kind === 'Secret'
              ? `a Secret or ExternalSecret (target) "${dependency.name}" in namespace "${namespace}"${known.length > 0 ? `; existing: ${known.join(', ')}` : ''}, or optional: true`
              : `a ${dependency.kind} "${dependency.name}" in namespace "${namespace}"${known.length > 0 ? `; existing: ${known.join(', ')}` : ''}${dependency.kind === 'ConfigMap' ? ', or optional: true' : ''}`,
          ),
        );
      }
    }
    return findings;
  },
};
