/**
 * Prints the GitHub Actions matrix of the infra workflow (`matrix=<json>` for $GITHUB_OUTPUT): one entry per
 * cluster with its region and CI role ARNs, staging before production, all derived from the cluster
 * definitions so the workflow never repeats an account id.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Environment } from '../lib/model/environment';
import { infraCiRoleArn } from '../lib/naming';
import { loadInfraProject } from './project';
import { infraApplyEnvironment } from './stacks/environment-stack';
import { byCodePoint } from '../lib/order';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORDER: Record<Environment, number> = { [Environment.STAGING]: 0, [Environment.PRODUCTION]: 1 };

const project = await loadInfraProject(ROOT);
const include = [...project.clusters]
  .sort((a, b) => ORDER[a.environment] - ORDER[b.environment] || byCodePoint(a.name, b.name))
  .map((cluster) => ({
    stack: cluster.name,
    region: cluster.awsRegion,
    planRoleArn: infraCiRoleArn(cluster, 'plan'),
    applyRoleArn: infraCiRoleArn(cluster, 'apply'),
    githubEnvironment: infraApplyEnvironment(cluster),
  }));
console.log(`matrix=${JSON.stringify({ include })}`);
