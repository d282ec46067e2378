import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../schema/file-hash';

/** Bump when reading changes (YAML schema, what is stored), so old entries are ignored. */
const FORMAT = 'documents-v1';

/**
 * Parsed YAML of each manifest file, keyed by the SHA-256 of its name and text, kept between runs in the
 * validator cache folder: a warm run reads one JSON file instead of parsing thousands of YAML files. Entries
 * not used by a run are dropped when it saves, so the cache holds one tree's worth.
 */
export class DocumentCache {
  private entries: Record<string, unknown[]> = {};
  private readonly used: Record<string, unknown[]> = {};
  private changed = false;

  private constructor(private readonly file: string | undefined) {}

  /** A cache backed by `<cacheDir>/documents-v1.json`, or a no-op cache without a folder. */
  static async open(cacheDir: string | undefined): Promise<DocumentCache> {
    const cache = new DocumentCache(cacheDir === undefined ? undefined : path.join(cacheDir, `${FORMAT}.json`));
    if (cache.file !== undefined) {
      try {
        cache.entries = JSON.parse(await readFile(cache.file, 'utf8')) as Record<string, unknown[]>;
      } catch {
        cache.entries = {};
      }
    }
    return cache;
  }

  key(file: string, text: string): string | undefined {
    return this.file === undefined ? undefined : sha256(`${file}\u0000${text}`);
  }

  get(key: string | undefined): unknown[] | undefined {
    if (key === undefined) return undefined;
    const values = this.entries[key];
    if (values !== undefined) this.used[key] = values;
    return values;
  }

  /** Remembers a file's parsed documents; values JSON cannot hold (.inf, .nan) are not cached. */
  set(key: string | undefined, text: string, values: unknown[]): void {
    if (key === undefined || /\.(inf|nan)\b/i.test(text)) return;
    this.used[key] = values;
    this.changed = true;
  }

  async save(): Promise<void> {
    if (this.file === undefined) return;
    if (!this.changed && Object.keys(this.used).length === Object.keys(this.entries).length) return;
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.used));
    await rename(temporary, this.file);
  }
}
