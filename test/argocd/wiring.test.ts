import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiObject } from 'cdk8s';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGOCD_CHART, ARGOCD_DEFAULTS } from '../../lib/argocd/defaults';
import { argocdUnits } from '../../lib/argocd/provider';
import { TEAM_DENIED_KINDS, TEAM_DEPLOYER_ROLE } from '../../lib/argocd/project-access';
import { teamProjectDescription } from '../../lib/argocd/wiring';
import { WorkloadKind } from '../../lib/model/app-spec';
import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { appUnits } from '../../lib/synth/app-units';
import { platformUnits } from '../../lib/synth/platform-units';
import { type UnitProvider, UnitCategory } from '../../lib/synth/output-unit';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { REPOSITORY_CLUSTERS } from '../support/sample';
import { strictSchema } from '../support/schemas';

const REPO = resolve(import.meta.dirname, '../..');
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let clusters: ResolvedCluster[];
beforeAll(async () => {
  clusters = resolveProject(await loadProject(REPO));
});

function cluster(name: string): ResolvedCluster {
  return clusters.find((c) => c.definition.name === name)!;
}

/** The objects of generated/<cluster>/argocd, by file name. */
function argoObjects(resolved: ResolvedCluster, providers?: readonly UnitProvider[]): Map<string, Obj> {
  const prefix = `${resolved.definition.name}/argocd/`;
  return new Map(
    synthesizeCluster(resolved, providers)
      .filter((file) => file.path.startsWith(prefix))
      .map((file) => [file.path.slice(prefix.length), parse(file.content) as Obj]),
  );
}

describe('Argo CD objects of each cluster', () => {
  it.each(REPOSITORY_CLUSTERS)(
    '%s: every Application and AppProject matches the Argo CD CRD schema, strictly',
    async (name) => {
      const problemsOf = strictSchema(cluster(name).definition.kubernetesVersion);
      const objects = [...argoObjects(cluster(name)).values()].filter((object) => object.kind !== 'Namespace');
      expect(objects.length).toBeGreaterThan(5);
      for (const object of objects) {
        expect(['Application', 'AppProject']).toContain(object.kind);
        expect({ name: object.metadata.name, problems: await problemsOf(object) }).toEqual({
          name: object.metadata.name,
          problems: [],
        });
      }
    },
  );

  it.each(REPOSITORY_CLUSTERS)('%s: every Application path exists in generated/ and is not empty', (name) => {
    for (const object of argoObjects(cluster(name)).values()) {
      if (object.kind !== 'Application' || object.spec.source.path === undefined) continue;
      const dir = join(REPO, object.spec.source.path);
      expect(existsSync(dir), dir).toBe(true);
      expect(readdirSync(dir).length, dir).toBeGreaterThan(0);
    }
  });

  it('gives each app and platform component an Application in its project, namespace and folder, and nothing more', () => {
    const production = cluster('production');
    const objects = argoObjects(production);
    // Argo CD itself, every platform unit the cluster file enables, every app: derived, so enabling a component
    // or adding an app keeps this test true.
    const applications = ['argocd', ...platformUnits(production, []).map((unit) => unit.folder)];
    applications.push(...production.apps.map((app) => app.name));
    const projects = ['bootstrap', 'default', 'platform', ...new Set(production.apps.map((app) => app.team))];
    expect([...objects.keys()].sort()).toEqual(
      [
        ...applications.map((name) => `application-${name}.yaml`),
        ...projects.map((name) => `appproject-${name}.yaml`),
      ].sort(),
    );
    for (const app of production.apps) {
      const application = objects.get(`application-${app.name}.yaml`)!;
      expect(application.metadata).toMatchObject({
        name: app.name,
        namespace: 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': '0' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      });
      expect(application.spec).toMatchObject({
        project: app.team,
        source: {
          repoURL: ARGOCD_DEFAULTS.repoUrl,
          targetRevision: 'main',
          path: `generated/production/${app.name}`,
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: app.name },
      });
    }
  });

  it('marks only the optional unit (alert receivers) optional, which the Application health check reports Healthy', () => {
    const objects = argoObjects(cluster('production'));
    const optional = [...objects.entries()]
      .filter(([, object]) => object.metadata.annotations?.['platform.acme.io/optional'] === 'true')
      .map(([file]) => file);
    expect(optional).toEqual(['application-alert-receivers.yaml']);
    const lua = objects.get('application-argocd.yaml')!.spec.source.helm.valuesObject.configs.cm[
      'resource.customizations.health.argoproj.io_Application'
    ] as string;
    expect(lua).toContain('obj.metadata.annotations["platform.acme.io/optional"] == "true"');
    expect(lua.indexOf('hs.status = "Healthy"')).toBeGreaterThan(lua.indexOf('platform.acme.io/optional'));
  });

  it('cascades a delete for app units only: removing a platform unit must not delete CRDs or platform Secrets', () => {
    const objects = argoObjects(cluster('production'));
    for (const app of cluster('production').apps.map((resolved) => resolved.name)) {
      expect(objects.get(`application-${app}.yaml`)!.metadata.finalizers, app).toEqual([
        'resources-finalizer.argocd.argoproj.io',
      ]);
    }
    for (const component of ['external-secrets', 'ingress', 'logging', 'monitoring']) {
      const application = objects.get(`application-${component}.yaml`)!;
      expect(application.spec.project, component).toBe('platform');
      expect(application.metadata.finalizers, component).toBeUndefined();
    }
  });

  it('limits a team project to its apps: this repository, their namespaces, only those Namespace objects', () => {
    const staging = cluster('staging');
    const team = staging.apps[0]!.team;
    const project = argoObjects(staging).get(`appproject-${team}.yaml`)!;
    const apps = staging.apps
      .filter((app) => app.team === team)
      .map((app) => app.name)
      .sort();
    expect(project.spec).toEqual({
      description: teamProjectDescription(team, apps),
      sourceRepos: [ARGOCD_DEFAULTS.repoUrl],
      destinations: apps.map((app) => ({ server: 'https://kubernetes.default.svc', namespace: app })),
      clusterResourceWhitelist: apps.map((app) => ({ group: '', kind: 'Namespace', name: app })),
      namespaceResourceBlacklist: TEAM_DENIED_KINDS.map(({ group, kind }) => ({ group, kind })),
      roles: [expect.objectContaining({ name: TEAM_DEPLOYER_ROLE })],
    });
  });

  it('staging syncs automatically with prune, self-heal and retry with backoff, at any time', () => {
    const objects = argoObjects(cluster('staging'));
    expect(objects.get('application-worker.yaml')!.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      retry: { limit: -1, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      // A switch between a Deployment and a Rollout prunes the old workload once the new one is healthy.
      syncOptions: ['PruneLast=true'],
    });
    for (const object of objects.values()) {
      if (object.kind === 'AppProject') expect(object.spec.syncWindows).toBeUndefined();
    }
  });

  it('production projects carry the sync windows: no automated syncs at night and on weekends, manual allowed', () => {
    const objects = argoObjects(cluster('production'));
    const projects = [...objects.values()].filter((object) => object.kind === 'AppProject');
    const teams = cluster('production').apps.map((app) => app.team);
    expect(projects.map((project) => project.metadata.name).sort()).toEqual(
      [...new Set(['bootstrap', 'default', 'platform', ...teams])].sort(),
    );
    // The locked default project deploys nothing, so it needs no windows.
    for (const project of projects.filter((candidate) => candidate.metadata.name !== 'default')) {
      expect(project.spec.syncWindows).toEqual([
        expect.objectContaining({
          kind: 'deny',
          schedule: '0 20 * * 1-4',
          duration: '11h',
          timeZone: 'Europe/Dublin',
          manualSync: true,
          applications: ['*'],
        }),
        expect.objectContaining({ kind: 'deny', schedule: '0 20 * * 5', duration: '59h', manualSync: true }),
      ]);
    }
    for (const app of cluster('production').apps) {
      expect(objects.get(`application-${app.name}.yaml`)!.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
    }
  });

  it('ignores only what controllers own: HPA-scaled replicas, and the ALB weights of a canary', () => {
    for (const name of REPOSITORY_CLUSTERS) {
      const resolved = cluster(name);
      const objects = argoObjects(resolved);
      for (const app of resolved.apps) {
        const spec = objects.get(`application-${app.name}.yaml`)!.spec;
        const namespace = spec.destination.namespace;
        const expected = [
          ...(app.delivery?.strategy === 'canary' && app.ingress !== undefined
            ? [
                {
                  group: 'networking.k8s.io',
                  kind: 'Ingress',
                  namespace,
                  name: app.name,
                  jsonPointers: [`/metadata/annotations/alb.ingress.kubernetes.io~1actions.${app.name}-stable`],
                },
              ]
            : []),
          ...(app.autoscaling !== undefined && app.kind !== WorkloadKind.CRON_JOB
            ? [
                app.delivery === undefined
                  ? { group: 'apps', kind: 'Deployment', namespace, name: app.name, jsonPointers: ['/spec/replicas'] }
                  : {
                      group: 'argoproj.io',
                      kind: 'Rollout',
                      namespace,
                      name: app.name,
                      jsonPointers: ['/spec/replicas'],
                    },
              ]
            : []),
        ];
        if (expected.length > 0) {
          expect(spec.ignoreDifferences, `${name}/${app.name}`).toEqual(expected);
          expect(spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'RespectIgnoreDifferences=true']);
        } else {
          expect(spec.ignoreDifferences, `${name}/${app.name}`).toBeUndefined();
          expect(spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
        }
      }
    }
  });

  it('orders the root sync: projects, then Argo CD, then platform units, then apps; the root is not among them', () => {
    const objects = argoObjects(cluster('staging'));
    const wave = (file: string) => objects.get(file)!.metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(wave('appproject-platform.yaml')).toBe('-100');
    expect(objects.has('application-root.yaml')).toBe(false);
    expect(wave('application-argocd.yaml')).toBe('-50');
    for (const app of cluster('staging').apps) expect(wave(`application-${app.name}.yaml`)).toBe('0');
  });

  it('lets Argo CD manage itself from the pinned chart, HA in production only, never cascading a delete', () => {
    const staging = argoObjects(cluster('staging')).get('application-argocd.yaml')!;
    const production = argoObjects(cluster('production')).get('application-argocd.yaml')!;
    expect(production.spec.source).toMatchObject({
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      targetRevision: ARGOCD_CHART.version,
      helm: { releaseName: 'argocd' },
    });
    expect(production.spec.project).toBe('platform');
    expect(production.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    const values = production.spec.source.helm.valuesObject;
    expect(values.configs.cm['application.resourceTrackingMethod']).toBe('annotation');
    expect(values.configs.params['server.insecure']).toBe(false);
    expect(values.dex.enabled).toBe(false);
    expect(values['redis-ha'].enabled).toBe(true);
    expect(values.server.replicas).toBe(2);
    expect(staging.spec.source.helm.valuesObject['redis-ha'].enabled).toBe(false);
    expect(staging.spec.source.helm.valuesObject.server.replicas).toBe(1);
    expect(production.metadata.finalizers).toBeUndefined();
  });

  describe('with a platform unit that ships CRDs and a Helm chart Application', () => {
    function platformUnit(project: string): UnitProvider {
      return () => [
        {
          folder: 'monitoring',
          namespace: 'monitoring',
          category: UnitCategory.PLATFORM,
          team: 'platform',
          sources: ['platform/monitoring/index.ts'],
          render: (scope) => {
            new ApiObject(scope, 'crd', {
              apiVersion: 'apiextensions.k8s.io/v1',
              kind: 'CustomResourceDefinition',
              metadata: { name: 'widgets.example.com' },
            });
            new ApiObject(scope, 'chart', {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              metadata: { name: 'kube-prometheus-stack', namespace: 'argocd' },
              spec: {
                project,
                source: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'x' },
                destination: { server: 'https://kubernetes.default.svc', namespace: 'prometheus' },
              },
            });
          },
        },
      ];
    }

    it('puts it in the platform project before the apps, with server-side apply and a created namespace', () => {
      const objects = argoObjects(cluster('staging'), [appUnits, platformUnit('platform'), argocdUnits]);
      const monitoring = objects.get('application-monitoring.yaml')!;
      expect(monitoring.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
      expect(monitoring.spec.project).toBe('platform');
      expect(monitoring.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
      const platform = objects.get('appproject-platform.yaml')!.spec;
      expect(platform.sourceRepos).toEqual([
        'https://argoproj.github.io/argo-helm',
        'https://github.com/acme/platform-gitops.git',
        'https://prometheus-community.github.io/helm-charts',
      ]);
      expect(platform.destinations.map((d: Obj) => d.namespace)).toEqual(['argocd', 'monitoring', 'prometheus']);
      expect(platform.clusterResourceWhitelist).toEqual([{ group: '*', kind: '*' }]);
    });

    it('refuses a chart Application outside the platform project', () => {
      expect(() => argoObjects(cluster('staging'), [appUnits, platformUnit('default'), argocdUnits])).toThrow(
        'unit "monitoring" of cluster "staging" ships Application "kube-prometheus-stack" in project "default"; platform Applications must use project "platform"',
      );
    });
  });

  it('reports bad settings in the cluster definition with file and field', () => {
    const staging = cluster('staging');
    const broken: ResolvedCluster = {
      ...staging,
      definition: {
        ...staging.definition,
        argocd: { syncRetryBackoffDuration: '10 seconds', chartVersion: '^10' },
      },
    };
    expect(() => argoObjects(broken)).toThrow(
      'clusters/staging.ts: cluster "staging": argocd.chartVersion: "^10" must be an exact chart version such as "10.9.0" (no ranges)\n' +
        'clusters/staging.ts: cluster "staging": argocd.syncRetryBackoffDuration: "10 seconds" is not a duration such as "30s", "5m" or "11h"',
    );
  });
});
