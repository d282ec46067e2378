import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../schema/file-hash';
import type { Finding } from '../types';

/** Bump when reading or any per-document check changes, so old entries are ignored. */
const FORMAT = 'run-cache-v1';

const VALIDATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let codeHash: string | undefined;

/**
 * A hash of the code the cached results depend on (reading, schema and structural checks), so that editing
 * any of it invalidates the cache without anyone remembering to bump FORMAT.
 */
function checkCodeHash(): string {
  if (codeHash === undefined) {
    const files = ['read', 'schema', 'structural']
      .flatMap((folder) =>
        readdirSync(path.join(VALIDATE_DIR, folder), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
          .map((entry) => path.join(entry.parentPath, entry.name)),
      )
      .concat(path.join(VALIDATE_DIR, 'check-document.ts'), path.join(VALIDATE_DIR, 'load-documents.ts'))
      .sort();
    codeHash = sha256(files.map((file) => readFileSync(file, 'utf8')).join('\u0000'));
  }
  return codeHash;
}

/** The per-document results of the schema and structural checks, as cached. */
export interface CachedResult {
  readonly findings: Finding[];
  readonly unchecked: { readonly rule: string; readonly reason: string; readonly path: (string | number)[] }[];
}

interface Stored {
  documents: Record<string, unknown[]>;
  results: Record<string, CachedResult>;
}

/**
 * What a warm run can skip, kept between runs in the validator cache folder: the parsed YAML of each manifest
 * file (keyed by the SHA-256 of its name and text) and each document's schema and structural findings (keyed
 * by that, the document's place in the file and the schema file's hash). A warm run reads one JSON file instead
 * of parsing thousands of YAML files and loading validators. Entries a run does not use are dropped when it
 * saves, so the cache holds one tree's worth. Cross-document rules always run.
 */
export class DocumentCache {
  private entries: Stored = { documents: {}, results: {} };
  private readonly used: Stored = { documents: {}, results: {} };
  private changed = false;

  private constructor(private readonly file: string | undefined) {}

  /** A cache backed by `<cacheDir>/documents-v1.json`, or a no-op cache without a folder. */
  static async open(cacheDir: string | undefined): Promise<DocumentCache> {
    const cache = new DocumentCache(cacheDir === undefined ? undefined : path.join(cacheDir, `${FORMAT}.json`));
    if (cache.file !== undefined) {
      try {
        const stored = JSON.parse(await readFile(cache.file, 'utf8')) as Partial<Stored>;
        cache.entries = { documents: stored.documents ?? {}, results: stored.results ?? {} };
      } catch {
        cache.entries = { documents: {}, results: {} };
      }
    }
    return cache;
  }

  key(file: string, text: string): string | undefined {
    return this.file === undefined ? undefined : sha256(`${checkCodeHash()}\u0000${file}\u0000${text}`);
  }

  get(key: string | undefined): unknown[] | undefined {
    if (key === undefined) return undefined;
    const values = this.entries.documents[key];
    if (values !== undefined) this.used.documents[key] = values;
    return values;
  }

  /** Remembers a file's parsed documents; values JSON cannot hold (.inf, .nan) are not cached. */
  set(key: string | undefined, text: string, values: unknown[]): void {
    if (key === undefined || /\.(inf|nan)\b/i.test(text)) return;
    this.used.documents[key] = values;
    this.changed = true;
  }

  resultKey(parts: readonly (string | number | undefined)[]): string | undefined {
    return this.file === undefined || parts.includes(undefined) ? undefined : sha256(parts.join('\u0000'));
  }

  getResult(key: string | undefined): CachedResult | undefined {
    if (key === undefined) return undefined;
    const result = this.entries.results[key];
    if (result !== undefined) this.used.results[key] = result;
    return result;
  }

  setResult(key: string | undefined, result: CachedResult): void {
    if (key === undefined) return;
    this.used.results[key] = result;
    this.changed = true;
  }

  async save(): Promise<void> {
    if (this.file === undefined) return;
    const same = (a: object, b: object) => Object.keys(a).length === Object.keys(b).length;
    if (
      !this.changed &&
      same(this.used.documents, this.entries.documents) &&
      same(this.used.results, this.entries.results)
    )
      return;
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.used));
    await rename(temporary, this.file);
  }
}
