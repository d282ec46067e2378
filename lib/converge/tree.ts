import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listManifestFiles, parseManifests } from '../validate/load-documents';

/** One object of generated/, with the repository-relative file it is in. */
export interface TreeDocument {
  readonly file: string;
  readonly object: Readonly<Record<string, unknown>>;
}

/** A cluster's generated/ tree: the folder the root syncs and every folder an Application points at. */
export interface ClusterTree {
  readonly cluster: string;
  /** Repository-relative folder the root Application syncs (`generated/<cluster>/argocd`). */
  readonly rootPath: string;
  /** Repository-relative folder -> its documents. */
  readonly folders: ReadonlyMap<string, readonly TreeDocument[]>;
}

/** Reads `generated/<cluster>/` below the repository root, every folder as Argo CD's directory source reads it. */
export function readClusterTree(root: string, cluster: string, rootPath: string): ClusterTree {
  const base = path.join(root, 'generated', cluster);
  const folders = new Map<string, TreeDocument[]>();
  if (existsSync(base)) {
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const folder = `generated/${cluster}/${entry.name}`;
      const documents: TreeDocument[] = [];
      for (const file of listManifestFiles(path.join(base, entry.name))) {
        const relative = path.relative(root, file).split(path.sep).join('/');
        const loaded = parseManifests(readFileSync(file, 'utf8'), cluster, relative);
        for (const document of loaded.documents) documents.push({ file: relative, object: document.object });
      }
      folders.set(folder, documents);
    }
  }
  return { cluster, rootPath, folders };
}
