import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run schemas:pull` writes by default, relative to the repository root (gitignored). */
export const PULLED_SCHEMA_DIR = path.join('.cache', 'schemas');

/**
 * Where the schemas are: `--schema-dir`, else `SCHEMA_DIR`, else `../shared/schemas` next to the repository;
 * when that does not exist but `npm run schemas:pull` has filled `.cache/schemas`, that one.
 */
export function resolveSchemaDir(root: string, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag ?? (env.SCHEMA_DIR === undefined || env.SCHEMA_DIR === '' ? undefined : env.SCHEMA_DIR);
  if (chosen !== undefined) return path.resolve(root, chosen);
  const shared = path.resolve(root, '..', 'shared', 'schemas');
  const pulled = path.resolve(root, PULLED_SCHEMA_DIR);
  return !existsSync(shared) && existsSync(pulled) ? pulled : shared;
}

/** Compiled validators live here between runs (gitignored). */
export function defaultCacheDir(root: string): string {
  return path.join(root, '.cache', 'validate');
}
