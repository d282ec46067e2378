import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { ConfigError } from '../errors';
import { apiVersionOf, groupOf, isRecord, kindOf, nameOf, namespaceOf } from '../validate/kube-object';
import { listYamlFiles } from '../validate/load-documents';
import type { KubeObject } from '../validate/types';
import { byCodePoint } from '../order';

/** One Kubernetes object of the generated tree, identified independently of its file name. */
export interface Resource {
  readonly cluster: string;
  /** `Kind namespace/name` as a reviewer reads it. */
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  /** generated/<cluster>/<folder>/: the Argo CD Application that syncs it. */
  readonly folder: string;
  readonly object: KubeObject;
}

/** Identity across renames of files: cluster, API group, kind, namespace and name. */
export function resourceKey(cluster: string, object: KubeObject): string {
  return [cluster, groupOf(apiVersionOf(object)), kindOf(object), namespaceOf(object) ?? '', nameOf(object)].join('|');
}

/** Parses `generated/<cluster>/...` files (path -> text) into resources keyed by `resourceKey`. */
export function parseResources(files: ReadonlyMap<string, string>, label: string): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  for (const [file, text] of [...files].sort(([a], [b]) => byCodePoint(a, b))) {
    if (!/\.ya?ml$/.test(file)) continue;
    const parts = file.split('/');
    const cluster = parts[1] ?? '';
    let documents: unknown[];
    try {
      documents = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
    } catch (error) {
      throw new ConfigError(
        { file, cluster },
        `${label}: YAML does not parse: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    for (const document of documents) {
      if (!isRecord(document)) continue;
      const object = document as KubeObject;
      const kind = kindOf(object);
      const namespace = namespaceOf(object);
      resources.set(resourceKey(cluster, object), {
        cluster,
        id: `${kind} ${namespace === undefined ? '' : `${namespace}/`}${nameOf(object)}`,
        kind,
        file,
        folder: parts.slice(0, -1).join('/'),
        object,
      });
    }
  }
  return resources;
}

/** The working tree's `generated/` files, keyed like git paths (`generated/<cluster>/...`). */
export function readWorkingTree(root: string, folder: string): Map<string, string> {
  const dir = path.join(root, folder);
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const file of listYamlFiles(dir)) {
    files.set(path.relative(root, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  }
  return files;
}
