import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import { checkContract, formatContractProblem } from '../../infra/contract/check-contract';
import { checkPolicies, formatViolation } from '../../infra/policies';
import { loadInfraProject } from '../../infra/project';
import { EnvironmentStack, TARGET_VERSIONS } from '../../infra/stacks/environment-stack';
import { parseReleasePins } from '../../lib/model/release-pins';
import { loadProject } from '../../lib/project/load';
import { codeOwnerTeam, REPOSITORY } from '../../lib/repository';
import { CODEOWNERS_PATH } from '../../lib/synth/codeowners';
import { runCli } from '../support/repo-copy';
import { SCHEMA_DIR } from '../support/schemas';
import { tempRepos } from '../release/temp-repo';
import { newClusterFlags } from '../support/new-cluster';

const repo = tempRepos();

/**
 * The scenario end to end (about 12 s, so in the integration project): a third cluster added with one
 * command passes every gate a pull request runs on it.
 */
describe('npm run cluster:new, then every gate', () => {
  it('adds a third cluster that synth, validate, infra synth and the infra contract accept', async () => {
    const root = await repo();
    const before = await loadProject(root);
    const { source, name, args } = newClusterFlags(before);

    const created = await runCli(root, 'cluster-new', args);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    // The new file is the source with the new identity: its apps and overrides are kept.
    const project = await loadProject(root);
    const added = project.clusters.find((cluster) => cluster.definition.name === name)!;
    expect(added.definition).toEqual({
      ...source,
      name,
      awsRegion: 'eu-central-1',
      awsAccountId: '333333333333',
      baseDomain: `eu.${source.baseDomain}`,
      vpcCidr: args[args.indexOf('--vpc-cidr') + 1],
    });
    // A gated cluster starts with what its promotion source runs: its pins and (gated or not) specs.
    const promotedFrom = project.clusters.find((cluster) => cluster.definition.name === source.promotion?.from);
    if (promotedFrom !== undefined) {
      const apps = Object.keys(added.definition.apps).sort();
      expect(Object.keys(added.pins).sort()).toEqual(apps);
      for (const app of apps) expect(added.pins[app]).toEqual(promotedFrom.pins[app]);
      expect(Object.keys(added.promoted ?? {}).sort()).toEqual(apps);
    }
    expect(parseReleasePins(readFileSync(join(root, added.pinsFile), 'utf8'), added.pinsFile, name)).toEqual(
      added.pins,
    );

    // Every cluster-derived artefact follows: generated/, the bootstrap root, CODEOWNERS.
    expect(existsSync(join(root, 'generated', name, 'argocd', 'application-argocd.yaml'))).toBe(true);
    expect(existsSync(join(root, 'argocd', `${name}-root.yaml`))).toBe(true);
    const owners = readFileSync(join(root, CODEOWNERS_PATH), 'utf8');
    for (const path of [`/clusters/${name}.ts`, `/clusters/${name}.releases.yaml`, `/generated/${name}/`]) {
      expect(owners).toMatch(
        new RegExp(`\\n${path.replace(/[.]/g, '\\.')} +${codeOwnerTeam(REPOSITORY.platformTeam)}\\n`),
      );
    }
    expect(readFileSync(join(root, 'docs', 'clusters.md'), 'utf8')).toContain(`| [${name}](../clusters/${name}.ts) |`);
    const check = await runCli(root, 'synth', ['--check']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const validate = await runCli(root, 'validate', ['--cluster', name], {
      ...process.env,
      SCHEMA_DIR,
      GITHUB_ACTIONS: '',
    });
    expect(validate.stderr).toBe('');
    expect(validate.status).toBe(0);
    const converge = await runCli(root, 'converge', ['--cluster', name, '--quiet']);
    expect(converge.stderr).toBe('');
    expect(converge.stdout).toContain(`cluster ${name}:`);
    expect(converge.status).toBe(0);

    // The AWS side: its stack synthesizes with validations, passes the policies and creates what the YAML names.
    const infra = await loadInfraProject(root);
    const cluster = infra.clusters.find((definition) => definition.name === name)!;
    const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
    const stack = JSON.parse(
      Testing.synth(new EnvironmentStack(app, name, { cluster, apps: infra.apps }), true),
    ) as Parameters<typeof checkPolicies>[0];
    expect(checkPolicies(stack, { production: true }).map(formatViolation)).toEqual([]);
    const contract = checkContract(join(root, 'generated', name), stack, name, root);
    expect(contract.problems.map(formatContractProblem)).toEqual([]);
    expect(contract.references.length).toBeGreaterThan(0);
  });
});
