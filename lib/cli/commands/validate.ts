import { loadProject } from '../../project/load';
import { checkFormat, runValidate } from '../../validate/run-validate';
import { assertNoInterruptedWrite } from '../../transaction/exclusive-write';
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
  // generated/ is neither the old nor the new state while an interrupted write is pending.
  assertNoInterruptedWrite(io.root);
  const project = await loadProject(io.root);
  const { output, exitCode } = await runValidate(project, flags, io.env);
  io.write(output);
  return exitCode;
};
