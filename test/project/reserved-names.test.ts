import { describe, expect, it } from 'vitest';
import { RESERVED_APP_NAMES } from '../../lib/project/reserved-names';
import { resolveCluster, stagingCluster, webService } from '../platform/fixtures';
import { problemsOf } from '../support/project';
import { repositoryOutput } from '../support/repository-output';

const nameProblems = (name: string) =>
  problemsOf(() => resolveCluster(stagingCluster({ apps: { [name]: {} } }), [webService({ name })])).filter((problem) =>
    problem.includes(': name: '),
  );

describe('reserved app names', () => {
  it('refuses the names of Kubernetes namespaces, saying why', () => {
    expect(nameProblems('default')).toEqual([
      `apps/default/index.ts: app "default": name: "default" is Kubernetes' default namespace; choose another name`,
    ]);
    expect(nameProblems('kube-system')).toEqual([
      'apps/kube-system/index.ts: app "kube-system": name: names starting with "kube-" belong to Kubernetes (kube-system...); choose another name',
    ]);
  });

  it('refuses the names of platform components and their namespaces (no stack trace, no folder collision)', () => {
    expect(nameProblems('monitoring')).toEqual([
      `apps/monitoring/index.ts: app "monitoring": name: "monitoring" is reserved: it is a platform component's folder (and namespace); choose another name`,
    ]);
    expect(nameProblems('loki')).toEqual([
      `apps/loki/index.ts: app "loki": name: "loki" is reserved: it is loki's namespace; choose another name`,
    ]);
    expect(nameProblems('checkout')).toEqual([]);
  });

  it('covers every namespace and generated/ folder the platform really uses', async () => {
    const { project, files } = await repositoryOutput();
    const appNames = new Set(project.apps.map((app) => app.spec.name));
    const used = new Set<string>();
    for (const file of files) {
      const folder = file.path.split('/')[1]!;
      if (appNames.has(folder)) continue;
      used.add(folder);
      for (const match of file.content.matchAll(/^\s+namespace: ([a-z0-9-]+)$/gm)) used.add(match[1]!);
    }
    const uncovered = [...used].filter(
      (name) => !appNames.has(name) && !name.startsWith('kube-') && !RESERVED_APP_NAMES.includes(name),
    );
    expect(uncovered).toEqual([]);
  });
});
