import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../lib/validate/run-validate';
import { FIXTURE_CLUSTER, fixtureRepo, removeFixtureRepos, REPO_ROOT, SCHEMA_DIR } from './fixture-tree';
import { runCli, spawnCli } from '../support/repo-copy';
import { REPOSITORY_CLUSTERS } from '../support/sample';

afterAll(removeFixtureRepos);

const ENV = { ...process.env, GITHUB_ACTIONS: '', SCHEMA_DIR };
const validateCli = (args: string[]) => runCli(REPO_ROOT, 'validate', args, ENV);

describe('npm run validate', () => {
  it('rejects an unknown flag before doing any work, without a stack trace: a usage error, exit 2', () => {
    const result = spawnCli(REPO_ROOT, 'validate', ['--clusters', 'staging'], ENV);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: validate: Unknown option '--clusters'");
    expect(result.stderr).not.toContain('    at ');
  });

  it('rejects an unknown format and an unknown cluster', async () => {
    expect((await validateCli(['--format', 'xml'])).stderr).toContain(
      'error: --format: unknown format "xml"; use one of: human, json, github',
    );
    expect((await validateCli(['--cluster', 'no-such-cluster'])).stderr).toContain(
      `error: cluster "no-such-cluster": --cluster: unknown cluster; known clusters: ${REPOSITORY_CLUSTERS.join(', ')}`,
    );
  });

  it('validates one cluster of the repository as JSON and exits 0', async () => {
    const result = await validateCli(['--cluster', 'staging', '--format', 'json', '--no-cache']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { clusters: { cluster: string }[]; errorCount: number };
    expect(report.clusters.map((c) => c.cluster)).toEqual(['staging']);
    expect(report.errorCount).toBe(0);
  });

  it('prints human output grouped per cluster and GitHub annotations in Actions, and exits 1 on errors', async () => {
    const root = await fixtureRepo({ 'web/service-web.yaml': (d) => (d.spec.ports[0].targetPort = 'metrics') });
    const run = await runValidate(
      { root, clusters: [{ definition: FIXTURE_CLUSTER }] },
      { 'schema-dir': SCHEMA_DIR, 'no-cache': true },
      { GITHUB_ACTIONS: 'true' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain(
      'cluster fixture (production, Kubernetes 1.34): 14 documents, 1 error(s), 0 waiver(s)',
    );
    expect(run.output).toContain('  by rule: ref-service-selector 1');
    expect(run.output).toContain('  ✗ generated/fixture/web/service-web.yaml:17 [doc 0] $.spec.ports[0].targetPort');
    expect(run.output).toContain(
      '::error file=generated/fixture/web/service-web.yaml,line=17,title=ref-service-selector (fixture)::[doc 0] $.spec.ports[0].targetPort: target port "metrics" is not a container port',
    );
  });

  it('reads the schema directory from SCHEMA_DIR when there is no flag', async () => {
    const root = await fixtureRepo();
    await expect(
      runValidate(
        { root, clusters: [{ definition: FIXTURE_CLUSTER }] },
        { 'no-cache': true },
        { SCHEMA_DIR: '/nonexistent' },
      ),
    ).rejects.toThrow('no Kubernetes 1.34 schemas in schema directory "/nonexistent"');
  });
});
