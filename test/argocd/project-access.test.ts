import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGOCD_OIDC_SECRET } from '../../lib/argocd/access-values';
import { resolveArgoCdSettings } from '../../lib/argocd/settings';
import { teamGroupsOf } from '../../lib/argocd/access-settings';
import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { repositoryOutput, type RepositoryOutput } from '../support/repository-output';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Rule {
  group: string;
  kind: string;
  name?: string;
}

let output: RepositoryOutput;
beforeAll(async () => {
  output = await repositoryOutput();
});

/** The objects synth writes into one folder of a cluster. */
function folder(cluster: ResolvedCluster, name: string): Obj[] {
  const prefix = `${cluster.definition.name}/${name}/`;
  return output.files.filter((file) => file.path.startsWith(prefix)).map((file) => parse(file.content) as Obj);
}

function project(cluster: ResolvedCluster, name: string): Obj {
  return folder(cluster, 'argocd').find((object) => object.kind === 'AppProject' && object.metadata.name === name)!;
}

function chartValues(cluster: ResolvedCluster): Obj {
  const application = folder(cluster, 'argocd').find(
    (object) => object.kind === 'Application' && object.spec.source.chart === 'argo-cd',
  )!;
  return application.spec.source.helm.valuesObject;
}

/** Argo CD's matching of a resource rule: '*' or the exact group and kind (and name, where the rule has one). */
const matches = (rule: Rule, object: Obj) => {
  const [group] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : [''];
  return (
    (rule.group === '*' || rule.group === group) &&
    (rule.kind === '*' || rule.kind === object.kind) &&
    (rule.name === undefined || rule.name === object.metadata.name)
  );
};

/** Whether a project lets its Applications sync this object (Argo CD's whitelist and blacklist semantics). */
function allows(spec: Obj, object: Obj): boolean {
  if (object.metadata.namespace === undefined) {
    return (spec.clusterResourceWhitelist as Rule[]).some((rule) => matches(rule, object));
  }
  const whitelist = spec.namespaceResourceWhitelist as Rule[] | undefined;
  if (whitelist !== undefined && !whitelist.some((rule) => matches(rule, object))) return false;
  return !((spec.namespaceResourceBlacklist ?? []) as Rule[]).some((rule) => matches(rule, object));
}

const teamsOf = (cluster: ResolvedCluster) => [...new Set(cluster.apps.map((app) => app.team))].sort();

describe('Argo CD access of every cluster', () => {
  it('gives every user read-only by default, the admin groups admin, and matches groups from the groups claim', () => {
    for (const cluster of output.clusters) {
      const access = resolveArgoCdSettings(cluster.definition, cluster.file).access;
      const rbac = chartValues(cluster).configs.rbac;
      expect(rbac['policy.default']).toBe('role:readonly');
      expect(rbac['policy.csv']).toBe(access.adminGroups.map((group) => `g, ${group}, role:admin\n`).join(''));
      expect(rbac.scopes).toBe(`[${access.sso?.groupsClaim ?? 'groups'}]`);
      // Nothing else in the global policy: teams get their rights from their own project.
      expect(String(rbac['policy.csv']).split('\n').filter(Boolean)).toHaveLength(access.adminGroups.length);
    }
  });

  it('logs in through OIDC with the client secret by reference, and turns the local admin off with SSO', () => {
    for (const cluster of output.clusters) {
      const access = resolveArgoCdSettings(cluster.definition, cluster.file).access;
      const cm = chartValues(cluster).configs.cm;
      expect(cm['admin.enabled']).toBe(access.localAdmin);
      expect(cm.url).toBe(access.url);
      if (access.sso === undefined) {
        expect(cm['oidc.config']).toBeUndefined();
        continue;
      }
      expect(access.localAdmin).toBe(cluster.definition.argocd?.localAdmin ?? false);
      const oidc = parse(cm['oidc.config'] as string) as Obj;
      expect(oidc).toMatchObject({ issuer: access.sso.issuer, clientID: access.sso.clientId });
      expect(oidc.clientSecret).toBe(`$${ARGOCD_OIDC_SECRET.name}:${ARGOCD_OIDC_SECRET.key}`);
      // The Secret it names exists in argocd, written by an ExternalSecret, with the label Argo CD requires.
      const external = output.files
        .filter((file) => file.path.startsWith(`${cluster.definition.name}/`))
        .map((file) => parse(file.content) as Obj)
        .find((object) => object.kind === 'ExternalSecret' && object.spec.target.name === ARGOCD_OIDC_SECRET.name)!;
      expect(external.metadata.namespace).toBe('argocd');
      expect(external.spec.target.template.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'argocd' });
      expect(external.spec.data.map((entry: Obj) => entry.secretKey)).toEqual([ARGOCD_OIDC_SECRET.key]);
    }
  });

  it("lets each team's groups get, sync (and so roll back) and restart only its own project's apps", () => {
    for (const cluster of output.clusters) {
      const access = resolveArgoCdSettings(cluster.definition, cluster.file).access;
      for (const team of teamsOf(cluster)) {
        const roles = project(cluster, team).spec.roles as Obj[];
        expect(roles.map((role) => role.groups)).toEqual([teamGroupsOf(access, team)]);
        for (const policy of roles.flatMap((role) => role.policies as string[])) {
          const [kind, subject, resource, action, object, effect] = policy.split(',').map((part) => part.trim());
          expect({ kind, subject, effect }).toEqual({ kind: 'p', subject: `proj:${team}:deployers`, effect: 'allow' });
          expect(object).toBe(`${team}/*`);
          expect(['applications', 'logs']).toContain(resource);
          expect(action).toMatch(/^(get|sync|action\/[^*]+)$/);
        }
        const actions = roles.flatMap((role) => (role.policies as string[]).map((policy) => policy.split(', ')[3]));
        expect(actions).toEqual(expect.arrayContaining(['get', 'sync']));
        for (const forbidden of ['create', 'update', 'delete', 'override', '*'])
          expect(actions).not.toContain(forbidden);
      }
    }
  });

  it('locks the default project: no repository, destination or kind', () => {
    for (const cluster of output.clusters) {
      const spec = project(cluster, 'default').spec;
      expect(spec).toMatchObject({
        sourceRepos: [],
        destinations: [],
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: [{ group: '*', kind: '*' }],
      });
      expect(spec.roles).toBeUndefined();
      for (const app of cluster.apps) {
        const objects = folder(cluster, app.name);
        expect(objects.some((object) => allows(spec, object))).toBe(false);
      }
    }
  });

  it("allows every kind the golden path renders for a team's apps, and denies RBAC, Secrets and quotas", () => {
    const denied = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'v1', kind: 'ResourceQuota' },
      { apiVersion: 'v1', kind: 'LimitRange' },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
      { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'STSSessionToken' },
    ];
    const clusterScoped = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
      { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore' },
      { apiVersion: 'v1', kind: 'Namespace' },
    ];
    for (const cluster of output.clusters) {
      for (const team of teamsOf(cluster)) {
        const spec = project(cluster, team).spec;
        const apps = cluster.apps.filter((app) => app.team === team);
        const rendered = apps.flatMap((app) => folder(cluster, app.name));
        expect(rendered.length).toBeGreaterThan(0);
        for (const object of rendered) {
          expect({ team, kind: object.kind, name: object.metadata.name, allowed: allows(spec, object) }).toEqual({
            team,
            kind: object.kind,
            name: object.metadata.name,
            allowed: true,
          });
        }
        const namespace = apps[0]!.name;
        for (const object of denied) {
          expect({
            kind: object.kind,
            allowed: allows(spec, { ...object, metadata: { name: 'x', namespace } }),
          }).toEqual({ kind: object.kind, allowed: false });
        }
        for (const object of clusterScoped) {
          expect({
            kind: object.kind,
            allowed: allows(spec, { ...object, metadata: { name: 'someone-else' } }),
          }).toEqual({ kind: object.kind, allowed: false });
        }
      }
    }
  });
});
