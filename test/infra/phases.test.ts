import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Environment } from '../../lib/model/environment';
import { loadInfraProject } from '../../infra/project';
import { ciStacks } from '../../infra/ci-stacks';
import { delegationProblems } from '../../infra/delegation';
import { PHASES, stackName } from '../../infra/stacks/stack-base';

describe('apply phases', () => {
  it('lists every cluster with its dns phase before its main phase, staging clusters first', async () => {
    const { clusters } = await loadInfraProject(process.cwd());
    const stacks = ciStacks(clusters);
    expect(stacks).toHaveLength(clusters.length * PHASES.length);
    for (const cluster of clusters) {
      const dns = stacks.findIndex((stack) => stack.stack === stackName(cluster, 'dns'));
      const main = stacks.findIndex((stack) => stack.stack === stackName(cluster, 'main'));
      expect(dns).toBeGreaterThanOrEqual(0);
      expect(dns).toBeLessThan(main);
      expect(stacks[main]).toMatchObject({ cluster: cluster.name, phase: 'main', region: cluster.awsRegion });
    }
    const environments = ciStacks(clusters, 'main').map(
      (stack) => clusters.find((cluster) => cluster.name === stack.cluster)!.environment,
    );
    expect(environments.lastIndexOf(Environment.STAGING)).toBeLessThan(
      environments.includes(Environment.PRODUCTION) ? environments.indexOf(Environment.PRODUCTION) : Infinity,
    );
    expect(ciStacks(clusters, 'dns').every((stack) => stack.phase === 'dns')).toBe(true);
  });

  it('applies phase 2 in the workflow only after phase 1 and its delegation check', () => {
    const workflow = parse(readFileSync('.github/workflows/infra.yml', 'utf8')) as {
      jobs: Record<string, { needs?: string | string[]; strategy?: { matrix: string }; steps: { run?: string }[] }>;
    };
    const { apply, 'apply-dns': dns } = workflow.jobs;
    expect(dns?.strategy?.matrix).toContain('dns-matrix');
    expect(apply?.strategy?.matrix).toContain('main-matrix');
    expect(apply?.needs).toContain('apply-dns');
    const runs = dns!.steps.map((step) => step.run ?? '');
    const applyAt = runs.findIndex((run) => run.includes('terraform apply'));
    const checkAt = runs.findIndex((run) => run.includes('check-delegation.ts'));
    expect(applyAt).toBeGreaterThanOrEqual(0);
    expect(checkAt).toBeGreaterThan(applyAt);
  });
});

describe('NS delegation check', () => {
  const expected = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.com'];

  it('passes when every resolver answers the zone name servers (any case, trailing dot)', () => {
    expect(
      delegationProblems('staging.example.com', expected, {
        '1.1.1.1': ['NS-2.awsdns-02.com.', 'ns-1.awsdns-01.org'],
        '8.8.8.8': ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.com'],
      }),
    ).toEqual([]);
  });

  it('fails with the records to set when a resolver sees another delegation or none', () => {
    expect(
      delegationProblems('staging.example.com', expected, {
        '8.8.8.8': { error: 'ENOTFOUND' },
        '1.1.1.1': ['ns1.old-provider.net'],
      }),
    ).toEqual([
      '1.1.1.1: staging.example.com is delegated to ns1.old-provider.net; set these NS records for staging.example.com in its parent zone: ns-1.awsdns-01.org, ns-2.awsdns-02.com',
      '8.8.8.8: no NS records for staging.example.com (ENOTFOUND); set these NS records for staging.example.com in its parent zone: ns-1.awsdns-01.org, ns-2.awsdns-02.com',
    ]);
  });
});
