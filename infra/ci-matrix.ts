/**
 * Prints the GitHub Actions matrices of the infra workflow (for $GITHUB_OUTPUT): `matrix` with every stack
 * (plan), `dns-matrix` with the phase 1 stacks and `main-matrix` with the phase 2 stacks (apply, in that
 * order), staging before production, all derived from the cluster definitions so the workflow never repeats
 * an account id.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ciStacks } from './ci-stacks';
import { loadInfraProject } from './project';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const project = await loadInfraProject(ROOT);
console.log(`matrix=${JSON.stringify({ include: ciStacks(project.clusters) })}`);
console.log(`dns-matrix=${JSON.stringify({ include: ciStacks(project.clusters, 'dns') })}`);
console.log(`main-matrix=${JSON.stringify({ include: ciStacks(project.clusters, 'main') })}`);
