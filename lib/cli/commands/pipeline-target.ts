import { ConfigError } from '../../errors';
import { buildCacheRepositoryName, ecrRegistry, imagePushRoleArn, imageRepositoryUri } from '../../naming';
import { isAwsCluster } from '../../model/cluster';
import { loadProject } from '../../project/load';
import { byCodePoint } from '../../order';
import { parseFlags, type Command } from '../command';

const HELP = {
  command: 'pipeline:target',
  summary:
    "Where an app's pipeline (.github/workflows/app-pipeline.yml) pushes the app's image for a cluster: the AWS region, the ECR registry and repository, the BuildKit cache repository and the IAM role to assume through OIDC, as name=value lines for $GITHUB_OUTPUT. Refuses an app the cluster does not run or whose image lives in another registry.",
  flags: {
    cluster: { type: 'string', value: '<name>', description: 'the cluster to release into (usually staging)' },
    app: { type: 'string', value: '<app>', description: 'the app' },
  },
  examples: ['npm run --silent pipeline:target -- --cluster staging --app gateway >> "$GITHUB_OUTPUT"'],
} as const;

/** `npm run pipeline:target -- --cluster staging --app gateway`: region, registry, repository, cache, role-arn. */
export const pipelineTargetCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  if (flags.cluster === undefined || flags.app === undefined) {
    throw new ConfigError({}, 'give --cluster <name> and --app <app>');
  }
  const project = await loadProject(io.root);
  const cluster = project.clusters.find((entry) => entry.definition.name === flags.cluster);
  if (cluster === undefined) {
    const known = project.clusters.map((entry) => entry.definition.name).sort(byCodePoint);
    throw new ConfigError({ cluster: flags.cluster }, `unknown cluster; known clusters: ${known.join(', ')}`);
  }
  const definition = cluster.definition;
  if (!isAwsCluster(definition)) {
    throw new ConfigError(
      { file: cluster.file, cluster: definition.name },
      'a local cluster has no ECR or pipeline role; build and push its images by hand (docs/local.md)',
    );
  }
  const app = project.apps.find((entry) => entry.spec.name === flags.app);
  if (app === undefined || definition.apps[flags.app] === undefined) {
    throw new ConfigError(
      { file: cluster.file, cluster: definition.name, app: flags.app },
      `the cluster does not run this app; it runs: ${Object.keys(definition.apps).sort(byCodePoint).join(', ')}`,
    );
  }
  const registry = ecrRegistry(definition);
  const repository = imageRepositoryUri(definition, app.spec.imageRepository);
  if (!repository.startsWith(`${registry}/`)) {
    throw new ConfigError(
      { file: app.file, app: flags.app, field: 'imageRepository' },
      `"${app.spec.imageRepository}" lives outside the cluster's ECR (${registry}); its images are not pushed by app-pipeline.yml`,
    );
  }
  io.log(`region=${definition.awsRegion}`);
  io.log(`registry=${registry}`);
  io.log(`repository=${repository}`);
  io.log(`cache=${registry}/${buildCacheRepositoryName(flags.app)}`);
  io.log(`role-arn=${imagePushRoleArn(definition, flags.app)}`);
  return 0;
};
