import { REPO_ROOT } from './repo-copy';
import { resolveSchemaDir } from '../../lib/validate/schema-dir';
import { checkSchema } from '../../lib/validate/schema/schema-check';
import { SchemaRegistry } from '../../lib/validate/schema/schema-registry';
import type { KubeObject } from '../../lib/validate/types';

/** The schema folder the product itself uses (`SCHEMA_DIR`, else `../shared/schemas`). */
export const SCHEMA_DIR = resolveSchemaDir(REPO_ROOT, undefined, process.env);

const registries = new Map<string, SchemaRegistry>();

/**
 * One registry per schema folder for every test file of a worker: compiled validators are reused, as in one
 * CLI run (compiling a kind's strict schema costs up to a second; test files share a worker's module state).
 * Tests of compilation and of the disk cache make their own registries.
 */
export function sharedRegistry(schemaDir: string = SCHEMA_DIR): SchemaRegistry {
  let registry = registries.get(schemaDir);
  if (registry === undefined) {
    registry = new SchemaRegistry({ schemaDir });
    registries.set(schemaDir, registry);
  }
  return registry;
}

/**
 * Strict schema problems of one object, as `<rule> <json path>: <message>`, from the product's own validator
 * (the one `npm run validate` runs); empty when the object is valid.
 */
export function strictSchema(kubernetesVersion = '1.34'): (object: Record<string, unknown>) => Promise<string[]> {
  const registry = sharedRegistry();
  return async (object) => {
    const document = { cluster: 'test', file: 'test.yaml', index: 0, object: object as KubeObject };
    const findings = await checkSchema(registry, document, kubernetesVersion, new Set());
    return findings.map((finding) => `${finding.rule} ${finding.path}: ${finding.message}`);
  };
}
