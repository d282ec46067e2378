import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { type Document, isMap, LineCounter, parseAllDocuments } from 'yaml';
import type { PathSegments } from './json-path';
import { toJsonPath } from './json-path';
import { isRecord } from './kube-object';
import { locateLine } from './read/block-line-locator';
import type { DocumentCache } from './read/document-cache';
import { expandDocument } from './read/expand-list';
import { KUBECTL_YAML_SCHEMA } from './read/kubectl-yaml-schema';
import { withoutNulls } from './read/without-nulls';
import type { Finding, KubeObject, ManifestDocument, ManifestSource } from './types';

export interface LoadedFile {
  readonly documents: ManifestDocument[];
  /** Syntax problems and documents that are not objects. */
  readonly findings: Finding[];
}

/** Every `.yaml`/`.yml` file below a folder, sorted, as absolute paths. */
export function listYamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Every `.yaml`/`.yml`/`.json` file below a folder, sorted, as absolute paths (what Argo CD's directory source applies). */
export function listManifestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Parses one file's text into documents; `file` is the repository-relative name used in findings.
 * Documents are read as kubectl and Argo CD read them (go-yaml v2: YAML 1.1 plain scalars, see
 * read/kubectl-yaml-schema.ts), duplicate keys are errors, `null` values count as absent and a `kind: List`
 * is expanded into its items. The fast path uses js-yaml; only when it fails, or when a finding needs a line
 * number, is the file parsed again with `yaml`, which keeps positions.
 */
export function parseManifests(text: string, cluster: string, file: string, cache?: DocumentCache): LoadedFile {
  const key = cache?.key(file, text);
  let values = cache?.get(key);
  if (values === undefined) {
    try {
      values = jsYaml
        .loadAll(text, undefined, { schema: KUBECTL_YAML_SCHEMA, filename: file })
        .map((value) => (isRecord(value) ? withoutNulls(value) : value));
    } catch {
      return parseManifestsSlowly(text, cluster, file);
    }
    cache?.set(key, text, values);
  }
  const source: ManifestSource = key === undefined ? { text } : { text, key };
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  values.forEach((object, index) => addDocument(object, index, { cluster, file, source, documents, findings }));
  return { documents, findings };
}

interface Collect {
  readonly cluster: string;
  readonly file: string;
  readonly source: ManifestSource;
  readonly documents: ManifestDocument[];
  readonly findings: Finding[];
}

function addDocument(value: unknown, index: number, into: Collect): void {
  const { cluster, file, source } = into;
  if (value === null || value === undefined) return;
  if (!isRecord(value)) {
    into.findings.push(notAMapping(cluster, file, index));
    return;
  }
  const object = value as KubeObject;
  const expanded = expandDocument({ cluster, file, index, object, source });
  into.documents.push(...expanded.documents);
  into.findings.push(...expanded.findings);
}

function notAMapping(cluster: string, file: string, index: number): Finding {
  return {
    rule: 'yaml',
    cluster,
    file,
    documentIndex: index,
    path: '$',
    message: 'document is not a mapping',
    expected: 'a Kubernetes object with apiVersion, kind and metadata',
  };
}

/** The `yaml` parse: reports each document's syntax error with its line. */
function parseManifestsSlowly(text: string, cluster: string, file: string): LoadedFile {
  const { documents: parsed } = positioned({ text });
  const source: ManifestSource = { text };
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const reparsed = parseAllDocuments(text, { version: '1.1', uniqueKeys: true });
  const values = Array.isArray(reparsed) ? reparsed : [];
  parsed.forEach((document, index) => {
    const problem = document.errors[0];
    if (problem !== undefined) {
      findings.push({
        rule: 'yaml',
        cluster,
        file,
        documentIndex: index,
        path: '$',
        message: `YAML does not parse: ${problem.message.split('\n')[0] ?? ''}`,
        expected: 'valid YAML without duplicate keys',
        line: problem.linePos?.[0].line,
      });
      return;
    }
    if (document.contents === null) return;
    const object: unknown = (values[index] ?? document).toJS({ maxAliasCount: 100 });
    addDocument(isRecord(object) ? withoutNulls(object) : object, index, {
      cluster,
      file,
      source,
      documents,
      findings,
    });
  });
  return { documents, findings };
}

interface Positioned {
  readonly documents: Document[];
  readonly lineCounter: LineCounter;
}

const positionedCache = new WeakMap<ManifestSource, Positioned>();

function positioned(source: ManifestSource): Positioned {
  let cached = positionedCache.get(source);
  if (cached === undefined) {
    const lineCounter = new LineCounter();
    const documents = parseAllDocuments(source.text, { lineCounter, uniqueKeys: true });
    cached = { documents: Array.isArray(documents) ? documents : [], lineCounter };
    positionedCache.set(source, cached);
  }
  return cached;
}

/** Reads and parses every manifest of one cluster folder (through the document cache when given one). */
export function loadClusterDocuments(
  repoRoot: string,
  clusterDir: string,
  cluster: string,
  cache?: DocumentCache,
): LoadedFile {
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  for (const file of listManifestFiles(clusterDir)) {
    const relative = path.relative(repoRoot, file).split(path.sep).join('/');
    const loaded = parseManifests(readFileSync(file, 'utf8'), cluster, relative, cache);
    documents.push(...loaded.documents);
    findings.push(...loaded.findings);
  }
  return { documents, findings };
}

/** One-based line of the deepest node that exists along a path; undefined when unknown. */
export function lineOf(document: ManifestDocument, relative: PathSegments): number | undefined {
  if (document.source === undefined) return undefined;
  const segments0 = document.item === undefined ? relative : ['items', document.item, ...relative];
  const quick = locateLine(document.source, document.source.text, document.index, segments0);
  return quick ?? lineOfParsed(document, relative);
}

/** lineOf through a full `yaml` parse that keeps positions: exact for any YAML, and about 1 ms per file. */
export function lineOfParsed(document: ManifestDocument, relative: PathSegments): number | undefined {
  if (document.source === undefined) return undefined;
  const { documents, lineCounter } = positioned(document.source);
  const source = documents[document.index];
  if (source === undefined) return undefined;
  const segments = document.item === undefined ? relative : ['items', document.item, ...relative];
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
    ...(document.item === undefined ? {} : { item: document.item }),
    path: toJsonPath(document.item === undefined ? segments : ['items', document.item, ...segments]),
    message,
    ...(expected === undefined ? {} : { expected }),
    line: lineOf(document, segments),
  };
}
