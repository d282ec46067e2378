import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/** A compiled schema check; `errors` is set after a failed call, as with ajv. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const requireForStandalone = createRequire(import.meta.url);

function newAjv(): Ajv {
  return new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateFormats: false,
    unicodeRegExp: false,
    code: { source: true, lines: false },
    // Kubernetes definitions reference each other deeply (PodSpec, Container, ...): compiling each once and
    // calling it, instead of inlining it at every use, halves compile time and the cached code.
    inlineRefs: false,
  });
}

/** Compiles a schema and returns the validator with its standalone (CommonJS) source, ready to cache. */
export function compileStandalone(schema: object): { validate: CompiledValidator; code: string } {
  const ajv = newAjv();
  const validate = ajv.compile(schema);
  const code = standaloneCode(ajv, validate);
  return { validate: validate as CompiledValidator, code };
}

/** Turns cached standalone source back into a validator without compiling the schema again. */
export function loadStandalone(code: string): CompiledValidator {
  const module: { exports: unknown } = { exports: {} };
  const factory = new Function('require', 'module', 'exports', code) as (
    require: NodeJS.Require,
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  factory(requireForStandalone, module, module.exports);
  return module.exports as CompiledValidator;
}

export const AJV_VERSION: string = (requireForStandalone('ajv/package.json') as { version: string }).version;
