import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Environment } from '../../lib/model/environment';
import { codeOwnerTeam, REPOSITORY } from '../../lib/repository';
import { CODEOWNERS_PATH, codeOwnersContent, isProtectedCluster } from '../../lib/synth/codeowners';
import { copyRepository, REPO_ROOT, runCli } from '../support/repo-copy';
import { repositoryOutput } from '../support/repository-output';
import { awsClustersOf } from '../support/aws-clusters';

const PLATFORM = codeOwnerTeam(REPOSITORY.platformTeam);

/** The rules of a CODEOWNERS file, in order; fails on a pattern this file's matcher does not understand. */
function parseCodeOwners(text: string): { pattern: string; owners: string[] }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [pattern, ...owners] = line.trim().split(/\s+/);
      // Only root-anchored literal paths (a folder ends with /): no globs, so prefix matching is exact.
      expect(pattern).toMatch(/^\/[A-Za-z0-9._/-]+$/);
      return { pattern: pattern!, owners };
    });
}

/** GitHub's rule: the last matching line decides; undefined when no line matches. */
function ownersOf(rules: ReturnType<typeof parseCodeOwners>, path: string): string[] | undefined {
  const full = `/${path}`;
  const match = rules.filter((rule) =>
    rule.pattern.endsWith('/')
      ? full.startsWith(rule.pattern)
      : full === rule.pattern || full.startsWith(`${rule.pattern}/`),
  );
  return match.at(-1)?.owners;
}

describe('.github/CODEOWNERS', () => {
  it('is what synth writes from the project', async () => {
    const { project } = await repositoryOutput();
    expect(readFileSync(join(REPO_ROOT, CODEOWNERS_PATH), 'utf8')).toBe(codeOwnersContent(project));
  });

  it('gives the platform team the code, CI, dependencies and every gated or production cluster, each team its apps', async () => {
    const { project } = await repositoryOutput();
    const rules = parseCodeOwners(readFileSync(join(REPO_ROOT, CODEOWNERS_PATH), 'utf8'));
    for (const path of [
      'lib/synth/synthesize.ts',
      'infra/main.ts',
      'platform/monitoring/index.ts',
      '.github/workflows/ci.yml',
      CODEOWNERS_PATH,
      'package.json',
      'package-lock.json',
      'argocd/README.md',
    ]) {
      expect(ownersOf(rules, path), path).toEqual([PLATFORM]);
    }
    for (const app of project.apps) {
      expect(ownersOf(rules, app.file), app.file).toEqual([codeOwnerTeam(app.spec.team)]);
    }
    const appNames = project.apps.map((app) => app.spec.name);
    expect(project.clusters.some((cluster) => isProtectedCluster(cluster.definition))).toBe(true);
    for (const cluster of project.clusters) {
      const name = cluster.definition.name;
      const paths = [
        cluster.file,
        cluster.pinsFile,
        `generated/${name}/argocd/application-root.yaml`,
        // An app's output in a protected cluster is the platform's too, though the team owns the app's spec.
        ...appNames.map((app) => `generated/${name}/${app}/namespace-${app}.yaml`),
        ...appNames.map((app) => `clusters/${name}.promoted/${app}.yaml`),
      ];
      for (const path of paths) {
        expect(ownersOf(rules, path), path).toEqual(isProtectedCluster(cluster.definition) ? [PLATFORM] : undefined);
      }
    }
  });

  it('covers a new production cluster and maps a team to its GitHub team', async () => {
    const { project } = await repositoryOutput();
    const [first] = awsClustersOf(project.clusters);
    const added = {
      ...first!,
      definition: {
        ...first!.definition,
        name: 'production-zz',
        environment: Environment.PRODUCTION,
        promotion: undefined,
      },
    };
    const team = project.apps[0]!.spec.team;
    const rules = parseCodeOwners(
      codeOwnersContent({ ...project, clusters: [...project.clusters, added] }, { [team]: 'renamed-team' }),
    );
    expect(ownersOf(rules, 'clusters/production-zz.ts')).toEqual([PLATFORM]);
    expect(ownersOf(rules, 'generated/production-zz/argocd/application-root.yaml')).toEqual([PLATFORM]);
    expect(ownersOf(rules, project.apps[0]!.file)).toEqual([codeOwnerTeam('renamed-team')]);
  });

  it('synth --check fails with the patch when it is stale, and synth rewrites it', async () => {
    const dir = copyRepository();
    const file = join(dir, CODEOWNERS_PATH);
    const wanted = readFileSync(file, 'utf8');
    writeFileSync(file, wanted.replace(/^\/lib\/.*\n/m, ''));
    const check = await runCli(dir, 'synth', ['--check']);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`--- a/${CODEOWNERS_PATH}`);
    expect(check.stderr).toMatch(/\n\+\/lib\/ +@/);
    expect((await runCli(dir, 'synth')).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(wanted);
  });
});
