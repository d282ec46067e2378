import { loadProject } from '../project/load';
import { checkFormat, runValidate } from '../validate/run-validate';
import { parseFlags, repositoryRoot, runCommand } from './run-command';

/**
 * `npm run validate [-- --cluster <name>]... [--format human|json|github] [--schema-dir <dir>]
 *   [--skip-kind <Kind|group/version/Kind>]... [--no-cache]`
 * Strict schemas, policies and cross-references for every document in generated/; exits 1 on any error.
 * The schema directory defaults to $SCHEMA_DIR, then ../shared/schemas.
 */
runCommand(async () => {
  const flags = parseFlags('validate', {
    cluster: { type: 'string', multiple: true },
    format: { type: 'string' },
    'schema-dir': { type: 'string' },
    'skip-kind': { type: 'string', multiple: true },
    'no-cache': { type: 'boolean', default: false },
  });
  checkFormat(flags.format);
  const project = await loadProject(repositoryRoot());
  const { output, exitCode } = await runValidate(project, flags, process.env);
  process.stdout.write(output);
  return exitCode;
});
