import path from 'node:path';

/** Where the schemas are: `--schema-dir`, else `SCHEMA_DIR`, else `../shared/schemas` next to the repository. */
export function resolveSchemaDir(root: string, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag ?? (env.SCHEMA_DIR === undefined || env.SCHEMA_DIR === '' ? undefined : env.SCHEMA_DIR);
  return path.resolve(root, chosen ?? path.join('..', 'shared', 'schemas'));
}

/** Compiled validators live here between runs (gitignored). */
export function defaultCacheDir(root: string): string {
  return path.join(root, '.cache', 'validate');
}
