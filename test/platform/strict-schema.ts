import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * A small strict validator for the tests of platform objects: kubeconform-style, every object schema that
 * lists its properties rejects unknown ones. The schemas are data from the shared schema directory
 * (`SCHEMAS_DIR`, default `../shared/schemas` beside the repository); nothing is copied into the project.
 */
export const SCHEMAS_DIR = process.env.SCHEMAS_DIR ?? resolve(process.cwd(), '..', 'shared', 'schemas');

type Schema = Record<string, unknown>;

function strictify(schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach(strictify);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const object = schema as Schema;
  if (
    object.properties !== undefined &&
    object.additionalProperties === undefined &&
    object['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    object.additionalProperties = false;
  }
  for (const value of Object.values(object)) strictify(value);
}

function readJson(path: string): Schema {
  return JSON.parse(readFileSync(path, 'utf8')) as Schema;
}

/** CRD patterns are Go regular expressions: turn Go's inline `(?i)` into the JavaScript `i` flag. */
const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp =>
    pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags),
  { code: 'new RegExp' },
);

export interface StrictValidator {
  /** Problems of one Kubernetes object as `<json path>: <message>`; empty when it is valid. */
  problems(object: Record<string, unknown>): string[];
}

export function strictValidator(kubernetesVersion = '1.34'): StrictValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
  const definitions = readJson(join(SCHEMAS_DIR, 'kubernetes', `v${kubernetesVersion}.0`, '_definitions.json'));
  strictify(definitions);
  ajv.addSchema({ ...definitions, $id: 'kubernetes' });
  const builtIn = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions.definitions as Record<string, Schema>)) {
    const kinds = definition['x-kubernetes-group-version-kind'] as
      { group: string; version: string; kind: string }[] | undefined;
    for (const { group, version, kind } of kinds ?? []) {
      builtIn.set(`${group === '' ? version : `${group}/${version}`}/${kind}`, name);
    }
  }
  const compiled = new Map<string, ValidateFunction>();

  const validatorFor = (apiVersion: string, kind: string): ValidateFunction => {
    const key = `${apiVersion}/${kind}`;
    const known = compiled.get(key);
    if (known !== undefined) return known;
    const definition = builtIn.get(key);
    let validate: ValidateFunction;
    if (definition !== undefined) {
      validate = ajv.compile({ $ref: `kubernetes#/definitions/${definition}` });
    } else {
      const [group, version] = apiVersion.split('/');
      const file = join(SCHEMAS_DIR, 'crds', group ?? '', `${kind.toLowerCase()}_${version}.json`);
      if (!existsSync(file)) throw new Error(`no schema for ${key} (looked for ${file})`);
      const schema = readJson(file);
      delete schema.$schema;
      strictify(schema);
      validate = ajv.compile(schema);
    }
    compiled.set(key, validate);
    return validate;
  };

  return {
    problems(object) {
      const validate = validatorFor(String(object.apiVersion), String(object.kind));
      if (validate(object)) return [];
      return (validate.errors ?? []).map(
        (error) =>
          `${error.instancePath || '/'}: ${error.message ?? 'invalid'}${
            error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''
          }`,
      );
    },
  };
}
