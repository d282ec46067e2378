import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { toJsonPath } from '../json-path';
import { explainErrors } from '../schema/schema-check';

/** One way the merged values break the chart's values.schema.json. */
export interface SchemaProblem {
  /** JSON path of the value, `$.provider.name`. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const compiled = new WeakMap<object, Validate>();

/**
 * Validates values as Helm does before rendering: against the chart's values.schema.json, in the draft the
 * schema declares (2020-12, 2019-09, else draft-07). Formats are not checked. Each schema is compiled once.
 */
export function valuesSchemaProblems(schema: Record<string, unknown>, values: unknown): SchemaProblem[] {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(values)) return [];
  return explainErrors(validate.errors ?? []).map((error) => ({
    path: toJsonPath(error.segments),
    message: error.message,
    ...(error.expected === undefined ? {} : { expected: error.expected }),
  }));
}

function compile(schema: Record<string, unknown>): Validate {
  const draft = String(schema.$schema ?? '');
  const options = { strict: false, allErrors: true, verbose: true, validateFormats: false, validateSchema: false };
  const ajv = draft.includes('2020-12')
    ? new Ajv2020(options)
    : draft.includes('2019-09')
      ? new Ajv2019(options)
      : new Ajv(options);
  return ajv.compile(schema) as Validate;
}
