import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, LineCounter, parseAllDocuments } from 'yaml';
import type { PathSegments } from './json-path';
import { toJsonPath } from './json-path';
import { isRecord } from './kube-object';
import type { Finding, KubeObject, ManifestDocument } from './types';

export interface LoadedFile {
  readonly documents: ManifestDocument[];
  /** Syntax problems and documents that are not objects. */
  readonly findings: Finding[];
}

/** Every `.yaml`/`.yml` file below a folder, sorted, as absolute paths. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const lineCounters = new WeakMap<object, LineCounter>();

/** Parses one file's text into documents; `file` is the repository-relative name used in findings. */
export function parseManifests(text: string, cluster: string, file: string): LoadedFile {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((source, index) => {
    const problem = source.errors[0];
    if (problem !== undefined) {
      findings.push({
        rule: 'yaml',
        cluster,
        file,
        documentIndex: index,
        path: '$',
        message: `YAML does not parse: ${problem.message.split('\n')[0] ?? ''}`,
        expected: 'valid YAML 1.2',
        line: problem.linePos?.[0].line,
      });
      return;
    }
    if (source.contents === null) return;
    lineCounters.set(source, lineCounter);
    const object: unknown = source.toJS({ maxAliasCount: 100 });
    if (!isRecord(object)) {
      findings.push({
        rule: 'yaml',
        cluster,
        file,
        documentIndex: index,
        path: '$',
        message: 'document is not a mapping',
        expected: 'a Kubernetes object with apiVersion, kind and metadata',
        line: 1,
      });
      return;
    }
    documents.push({ cluster, file, index, object: object as KubeObject, source });
  });
  return { documents, findings };
}

/** Reads and parses every manifest of one cluster folder. */
export async function loadClusterDocuments(repoRoot: string, clusterDir: string, cluster: string): Promise<LoadedFile> {
  const files = await listYamlFiles(clusterDir);
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  files.forEach((file, i) => {
    const relative = path.relative(repoRoot, file).split(path.sep).join('/');
    const loaded = parseManifests(texts[i] ?? '', cluster, relative);
    documents.push(...loaded.documents);
    findings.push(...loaded.findings);
  });
  return { documents, findings };
}

/** One-based line of the deepest node that exists along a path; undefined when unknown. */
export function lineOf(document: ManifestDocument, segments: PathSegments): number | undefined {
  const source = document.source;
  if (source === undefined) return undefined;
  const lineCounter = lineCounters.get(source);
  if (lineCounter === undefined) return undefined;
  for (let length = segments.length; length >= 0; length--) {
    const prefix = segments.slice(0, length);
    const node: unknown = prefix.length === 0 ? source.contents : source.getIn(prefix, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range !== undefined) {
      // Point at the key of a map entry rather than its value when the path ends on a missing key.
      if (length < segments.length && isMap(node)) {
        const key = segments[length];
        const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
        const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (keyRange !== undefined) return lineCounter.linePos(keyRange[0]).line;
      }
      return lineCounter.linePos(range[0]).line;
    }
  }
  return undefined;
}

/** A finding about a document, with the line filled in. */
export function findingAt(
  document: ManifestDocument,
  rule: string,
  segments: PathSegments,
  message: string,
  expected?: string,
): Finding {
  return {
    rule,
    cluster: document.cluster,
    file: document.file,
    documentIndex: document.index,
    path: toJsonPath(segments),
    message,
    ...(expected === undefined ? {} : { expected }),
    line: lineOf(document, segments),
  };
}
