import { loadProject } from '../../project/load';
import { checkFormat, runValidate } from '../../validate/run-validate';
import { parseFlags, type Command } from '../command';

/**
 * `npm run validate [-- --cluster <name>]... [--format human|json|github] [--schema-dir <dir>]
 *   [--skip-kind <Kind|group/version/Kind>]... [--no-cache]`
 * Strict schemas, policies and cross-references for every document in generated/; exits 1 on any error.
 * The schema directory defaults to $SCHEMA_DIR, then ../shared/schemas.
 */
export const validateCommand: Command = async (io) => {
  const flags = parseFlags(
    'validate',
    {
      cluster: { type: 'string', multiple: true },
      format: { type: 'string' },
      'schema-dir': { type: 'string' },
      'skip-kind': { type: 'string', multiple: true },
      'no-cache': { type: 'boolean', default: false },
    },
    io.args,
  );
  checkFormat(flags.format);
  const project = await loadProject(io.root);
  const { output, exitCode } = await runValidate(project, flags, io.env);
  io.write(output);
  return exitCode;
};
