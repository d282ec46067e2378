import { COMPOSE_ENV_VARIABLES, composeFile } from '../../local/compose';
import { k3dClusterName } from '../../local/k3d-config';
import { selectLocalCluster, writeLocalConfig } from '../../local/local-cluster';
import { formatStep, type LocalStep, requireTools, runSteps } from '../../local/steps';
import { type Command, parseFlags } from '../command';

const HELP = {
  command: 'local:down',
  summary:
    'Deletes the local k3d cluster (and its registry) and stops its compose dependencies. Their data volumes stay unless --volumes is given.',
  flags: {
    cluster: { type: 'string', value: '<name>', description: 'the local cluster (default: the only one in clusters/)' },
    volumes: { type: 'boolean', default: false, description: "also delete PostgreSQL's and Redis' data volumes" },
    'dry-run': { type: 'boolean', default: false, description: 'print the commands, run nothing' },
  },
  examples: ['npm run local:down', 'npm run local:down -- --volumes'],
} as const;

/** `npm run local:down [-- --cluster <name>] [--volumes] [--dry-run]` */
export const localDownCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const { definition, file } = await selectLocalCluster(io.root, flags.cluster);
  const name = definition.name;
  const composePath = writeLocalConfig(io.root, name, 'compose.yaml', composeFile(definition), file);
  // compose needs the file's variables to parse it, not their values: placeholders suffice to stop it.
  const placeholders = Object.fromEntries(COMPOSE_ENV_VARIABLES.map((variable) => [variable, 'unused']));
  const steps: LocalStep[] = [
    {
      what: 'PostgreSQL and Redis',
      argv: [
        'docker',
        'compose',
        '--project-name',
        `${name}-deps`,
        '--file',
        composePath,
        'down',
        ...(flags.volumes === true ? ['--volumes'] : []),
      ],
    },
    { what: 'k3d cluster and registry', argv: ['k3d', 'cluster', 'delete', k3dClusterName(definition)] },
  ];
  if (flags['dry-run'] === true) {
    io.log(`local:down ${name} (dry run): would run:`);
    for (const step of steps) io.log(`  ${formatStep(step)}`);
    return 0;
  }
  requireTools(steps, io.env);
  await runSteps({ ...io, env: { ...placeholders, ...io.env } }, steps);
  io.log(
    `local cluster ${name} is down${flags.volumes === true ? ', its data deleted' : '; its data volumes remain (--volumes deletes them)'}`,
  );
  return 0;
};
