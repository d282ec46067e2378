import { loadProject } from '../../project/load';
import { checkFormat, runValidate } from '../../validate/run-validate';
import { parseFlags, type Command } from '../command';

const HELP = {
  command: 'validate',
  summary:
    'Strict schemas, policies and cross-references for every document in generated/, per cluster; exits 1 on any error. The schema directory is --schema-dir, else $SCHEMA_DIR, else ../shared/schemas, else .cache/schemas.',
  flags: {
    cluster: { type: 'string', multiple: true, value: '<name>', description: 'validate only this cluster' },
    format: {
      type: 'string',
      value: 'human|json|github',
      description: 'report format (github: annotations in Actions)',
    },
    'schema-dir': { type: 'string', value: '<dir>', description: 'Kubernetes and CRD JSON schemas' },
    'skip-kind': {
      type: 'string',
      multiple: true,
      value: '<Kind|group/version/Kind>',
      description: 'skip schema checks of a kind',
    },
    'no-cache': {
      type: 'boolean',
      default: false,
      description: 'compile schemas afresh instead of using .cache/validate',
    },
  },
  examples: ['npm run validate', 'npm run validate -- --cluster staging --format json'],
} as const;

/**
 * `npm run validate [-- --cluster <name>]... [--format human|json|github] [--schema-dir <dir>]
 *   [--skip-kind <Kind|group/version/Kind>]... [--no-cache]`
 * Strict schemas, policies and cross-references for every document in generated/; exits 1 on any error.
 * The schema directory defaults to $SCHEMA_DIR, then ../shared/schemas.
 */
export const validateCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  checkFormat(flags.format);
  const project = await loadProject(io.root);
  const { output, exitCode } = await runValidate(project, flags, io.env);
  io.write(output);
  return exitCode;
};
