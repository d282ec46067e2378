import { resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { bootstrapFilePath } from '../../argocd/bootstrap';
import { ARGOCD_DEFAULTS } from '../../argocd/defaults';
import { ConfigError } from '../../errors';
import { COMPOSE_ENV_VARIABLES, composeFile } from '../../local/compose';
import { envTemplate, localSecretManifests, localSecretValues, parseEnvFile } from '../../local/env-secrets';
import { k3dClusterName, k3dConfig } from '../../local/k3d-config';
import { argoCdRelease, selectLocalCluster, writeLocalConfig } from '../../local/local-cluster';
import { formatStep, type LocalStep, requireTools, runSteps } from '../../local/steps';
import { LOCAL_DEFAULTS } from '../../model/cluster';
import { fullyQualifiedHost } from '../../naming';
import { type Command, parseFlags } from '../command';

const HELP = {
  command: 'local:up',
  summary:
    'Creates the local k3d cluster of clusters/<name>.ts (kind: ClusterKind.LOCAL) on this machine and hands it to Argo CD: the k3d cluster and its registry, PostgreSQL with pgvector and Redis (docker compose), the Secrets its ExternalSecrets read (from the git-ignored .env), Argo CD (helm, the values of generated/<name>/argocd) and the root Application. Needs docker, k3d, kubectl and helm; see docs/local.md.',
  flags: {
    cluster: { type: 'string', value: '<name>', description: 'the local cluster (default: the only one in clusters/)' },
    'env-file': {
      type: 'string',
      value: '<path>',
      default: '.env',
      description: 'the dotenv file with passwords and secret values',
    },
    'dry-run': {
      type: 'boolean',
      default: false,
      description: 'write the config files and print the commands, run nothing',
    },
    'env-template': {
      type: 'boolean',
      default: false,
      description: 'print the .env the cluster needs (every variable, empty) and exit',
    },
  },
  examples: ['npm run local:up', 'npm run local:up -- --env-template > .env', 'npm run local:up -- --dry-run'],
} as const;

/** `npm run local:up [-- --cluster <name>] [--env-file <path>] [--dry-run] [--env-template]` */
export const localUpCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const { definition, file } = await selectLocalCluster(io.root, flags.cluster);
  const name = definition.name;
  const secretValues = localSecretValues(io.root, name);
  if (flags['env-template'] === true) {
    io.write(envTemplate(name, secretValues, COMPOSE_ENV_VARIABLES));
    return 0;
  }
  const envFile = flags['env-file'] ?? '.env';
  if (!existsSync(resolve(io.root, envFile))) {
    throw new ConfigError(
      { file: envFile, cluster: name },
      `not found; write it with \`npm run local:up -- --env-template > ${envFile}\` and fill in every value (it is git-ignored)`,
    );
  }
  const env = parseEnvFile(readFileSync(resolve(io.root, envFile), 'utf8'), envFile);
  const missingCompose = COMPOSE_ENV_VARIABLES.filter((variable) => (env.get(variable) ?? '') === '');
  if (missingCompose.length > 0) {
    throw new ConfigError(
      { file: envFile, cluster: name },
      `the local dependencies need ${missingCompose.join(', ')}; add ${missingCompose.map((variable) => `${variable}=...`).join(' and ')} (any password you choose)`,
    );
  }
  const secrets = localSecretManifests(secretValues, env, envFile);
  const release = argoCdRelease(io.root, name);

  const k3dFile = writeLocalConfig(io.root, name, 'k3d.yaml', k3dConfig(definition), file);
  const composePath = writeLocalConfig(io.root, name, 'compose.yaml', composeFile(definition), file);
  const valuesFile = writeLocalConfig(
    io.root,
    name,
    'argocd-values.yaml',
    release.values,
    `generated/${name}/argocd/application-argocd.yaml`,
  );
  const context = `k3d-${k3dClusterName(definition)}`;
  const steps: LocalStep[] = [
    { what: 'Docker is running', argv: ['docker', 'info', '--format', '{{.ServerVersion}}'] },
    { what: 'k3d cluster and registry', argv: ['k3d', 'cluster', 'create', '--config', k3dFile] },
    {
      what: 'PostgreSQL (pgvector) and Redis',
      argv: [
        'docker',
        'compose',
        '--project-name',
        `${name}-deps`,
        '--file',
        composePath,
        '--env-file',
        envFile,
        'up',
        '--detach',
        '--wait',
      ],
    },
    {
      what: `Secrets from ${envFile}`,
      argv: ['kubectl', '--context', context, 'apply', '-f', '-'],
      stdin: secrets.map((manifest) => `---\n${stringify(manifest)}`).join(''),
    },
    {
      what: 'Argo CD',
      argv: [
        'helm',
        'upgrade',
        '--install',
        ARGOCD_DEFAULTS.releaseName,
        release.chart,
        '--repo',
        release.repoURL,
        '--version',
        release.version,
        '--namespace',
        ARGOCD_DEFAULTS.namespace,
        '--create-namespace',
        '--values',
        valuesFile,
        '--kube-context',
        context,
        '--wait',
      ],
    },
    { what: 'the root Application', argv: ['kubectl', '--context', context, 'apply', '-f', bootstrapFilePath(name)] },
  ];
  if (flags['dry-run'] === true) {
    io.log(`local:up ${name} (dry run): wrote ${k3dFile}, ${composePath}, ${valuesFile}; would run:`);
    for (const step of steps) io.log(`  ${formatStep(step)}`);
    return 0;
  }
  requireTools(steps, io.env);
  await runSteps(io, steps);
  const port = definition.local?.httpPort ?? LOCAL_DEFAULTS.httpPort;
  const hosts = Object.keys(definition.apps).sort();
  io.log(
    `local cluster ${name} is up; Argo CD now syncs generated/${name} (watch: kubectl --context ${context} -n argocd get applications)`,
  );
  io.log(
    `  apps with a public host: http://<host>:${port}, e.g. http://${fullyQualifiedHost(definition, 'www')}:${port}`,
  );
  io.log(
    `  Argo CD: kubectl --context ${context} -n argocd port-forward svc/argocd-server 8443:443, then https://localhost:8443`,
  );
  io.log(`  apps: ${hosts.join(', ')}; stop with npm run local:down`);
  return 0;
};
