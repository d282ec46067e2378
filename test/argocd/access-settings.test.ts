import { describe, expect, it } from 'vitest';
import { resolveArgoCdSettings } from '../../lib/argocd/settings';
import { argoCdObjects } from '../../lib/argocd/wiring';
import { appUnits } from '../../lib/synth/app-units';
import { repositoryOutput } from '../support/repository-output';
import { ConfigError, ConfigErrors } from '../../lib/errors';
import type { ArgoCdSettings } from '../../lib/model/argocd-settings';
import { productionCluster } from '../platform/fixtures';

const FILE = 'clusters/production.ts';
const SSO = { issuer: 'https://acme.okta.com/oauth2/default', clientId: '0oa1argocd' };

/** The messages resolveArgoCdSettings reports for these settings (none when they are valid). */
function problems(argocd: ArgoCdSettings): string[] {
  try {
    resolveArgoCdSettings(productionCluster({ argocd }), FILE);
    return [];
  } catch (error) {
    if (error instanceof ConfigErrors) return error.errors.map((problem) => problem.message);
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
}

const at = (field: string) => `${FILE}: cluster "production": argocd.${field}: `;

describe('Argo CD SSO and RBAC settings', () => {
  it('turns the local admin off once SSO is set, and keeps it without SSO', () => {
    const withSso = resolveArgoCdSettings(productionCluster({ argocd: { sso: SSO } }), FILE).access;
    expect(withSso).toEqual({
      url: `https://argocd.${productionCluster().baseDomain}`,
      sso: {
        ...SSO,
        displayName: 'SSO',
        groupsClaim: 'groups',
        requestedScopes: ['openid', 'profile', 'email', 'groups'],
      },
      localAdmin: false,
      adminGroups: ['platform-admins'],
      teamGroupPrefix: '',
      teamGroups: {},
    });
    expect(resolveArgoCdSettings(productionCluster(), FILE).access.localAdmin).toBe(true);
    expect(
      resolveArgoCdSettings(productionCluster({ argocd: { sso: SSO, localAdmin: true } }), FILE).access.localAdmin,
    ).toBe(true);
  });

  it('refuses an issuer or URL that is not https, naming the field and an example', () => {
    expect(problems({ sso: { ...SSO, issuer: 'http://acme.okta.com' }, url: 'argocd.example.com' })).toEqual([
      `${at('url')}"argocd.example.com" must be the https URL of the Argo CD URL, without query or fragment (for example "https://argocd.example.com")`,
      `${at('sso.issuer')}"http://acme.okta.com" must be the https URL of the OIDC issuer, without query or fragment (for example "https://acme.okta.com/oauth2/default")`,
    ]);
    expect(problems({ sso: { ...SSO, issuer: 'https://acme.okta.com/?tenant=1' } })).toHaveLength(1);
  });

  it('refuses an empty client id, an unknown field, scopes without openid, and a bad groups claim', () => {
    const sso = { ...SSO, clientId: ' ', groupsClaim: 'my groups', requestedScopes: ['profile'], tenant: 'x' };
    expect(problems({ sso: sso as ArgoCdSettings['sso'] })).toEqual([
      `${at('sso.tenant')}unknown field; known fields: issuer, clientId, displayName, groupsClaim, requestedScopes`,
      `${at('sso.clientId')}" " must be the client id registered at the provider (no spaces)`,
      `${at('sso.groupsClaim')}"my groups" must be a claim name such as "groups"`,
      `${at('sso.requestedScopes')}must include "openid" (got ["profile"])`,
    ]);
  });

  it('refuses SSO in a cluster without External Secrets: the client secret could never arrive', () => {
    expect(() => resolveArgoCdSettings(productionCluster({ argocd: { sso: SSO }, platform: {} }), FILE)).toThrow(
      `${at('sso')}the OIDC client secret comes from Secrets Manager through External Secrets: enable platform.externalSecrets`,
    );
  });

  it('refuses turning the local admin off without SSO: nobody could log in', () => {
    expect(problems({ localAdmin: false })).toEqual([
      `${at('localAdmin')}false would leave no way to log in: set sso first (the local admin is off by default with SSO)`,
    ]);
  });

  it("refuses group names that would break Argo CD's CSV policy, and an empty admin list", () => {
    expect(problems({ adminGroups: [] })).toEqual([
      `${at('adminGroups')}must name at least one group (the platform team)`,
    ]);
    expect(problems({ adminGroups: ['ops, role:admin'], teamGroups: { edge: ['edge\nteam'] } })).toEqual([
      `${at('adminGroups[0]')}"ops, role:admin" is not a group name Argo CD's CSV policy can hold (no commas, quotes, # or line breaks)`,
      `${at('teamGroups.edge[0]')}"edge\\nteam" is not a group name Argo CD's CSV policy can hold (no commas, quotes, # or line breaks)`,
    ]);
  });
});

describe('team groups', () => {
  it('refuses groups for a team that has no app in the cluster', async () => {
    const [cluster] = (await repositoryOutput()).clusters;
    const definition = {
      ...cluster!.definition,
      argocd: { ...cluster!.definition.argocd, teamGroups: { nobody: ['g'] } },
    };
    const settings = resolveArgoCdSettings(definition, cluster!.file);
    const teams = [...new Set(cluster!.apps.map((app) => app.team))].sort();
    expect(() =>
      argoCdObjects({ ...cluster!, definition }, appUnits({ ...cluster!, definition }, []), settings),
    ).toThrow(
      `${cluster!.file}: cluster "${definition.name}": argocd.teamGroups.nobody: no app of cluster "${definition.name}" belongs to team "nobody" (teams here: ${teams.join(', ')})`,
    );
  });
});
