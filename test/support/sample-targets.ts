import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkloadKind } from '../../lib/model/app-spec';
import { REPO_ROOT } from './repo-copy';
import { repositoryOutput } from './repository-output';

/**
 * What tests that change a copy of this repository change, chosen from the repository as it is (never named),
 * so a release, a promotion, a new or removed app or cluster leaves those tests working.
 */
export interface SampleTargets {
  /** A long-running app (not a cron job), its spec file and a cluster that runs it. */
  readonly app: string;
  readonly appFile: string;
  readonly cluster: string;
  readonly clusterFile: string;
  /** The app's Service in that cluster (`generated/<cluster>/<app>/service-<app>.yaml`), with its first port. */
  readonly serviceFile: string;
  readonly servicePort: number;
  /** A second cluster, and an app that runs in both and is enabled in `cluster` as a plain `<app>: {}` entry. */
  readonly otherCluster: string;
  readonly sharedApp: string;
}

let targets: Promise<SampleTargets> | undefined;

export function sampleTargets(): Promise<SampleTargets> {
  targets ??= (async () => {
    const { project, clusters } = await repositoryOutput();
    for (const cluster of clusters) {
      const name = cluster.definition.name;
      const web = cluster.apps.find((app) => app.kind === WorkloadKind.WEB_SERVICE && app.ports.length > 0);
      const others = clusters.filter((other) => other.definition.name !== name);
      const clusterText = readFileSync(join(REPO_ROOT, cluster.file), 'utf8');
      const shared = cluster.apps.find(
        (app) =>
          new RegExp(`\\n\\s*['"]?${app.name}['"]?: \\{\\},`).test(clusterText) &&
          others.some((other) => other.apps.some((candidate) => candidate.name === app.name)),
      );
      if (web === undefined || shared === undefined) continue;
      const other = others.find((candidate) => candidate.apps.some((app) => app.name === shared.name))!;
      return {
        app: web.name,
        appFile: project.apps.find((app) => app.spec.name === web.name)!.file,
        cluster: name,
        clusterFile: cluster.file,
        serviceFile: `generated/${name}/${web.name}/service-${web.name}.yaml`,
        servicePort: web.ports[0]!.port,
        otherCluster: other.definition.name,
        sharedApp: shared.name,
      };
    }
    throw new Error(
      'the repository-copy tests need a cluster with a web service and an app enabled as "<app>: {}" that another cluster runs too',
    );
  })();
  return targets;
}

/** An app file with a cron-only field added, which every long-running app refuses. */
export function withSchedule(text: string): string {
  return text.replace('defineApp({', "defineApp({\n  schedule: '0 * * * *',");
}
