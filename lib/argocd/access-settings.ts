import type { ArgoCdSettings, ArgoCdSsoSettings } from '../model/argocd-settings';
import type { ClusterDefinition } from '../model/cluster';
import { dnsZoneNames } from '../naming';

/** Who logs in to Argo CD and which groups get which role, with every default filled in. */
export interface ResolvedArgoCdAccess {
  readonly url: string;
  /** @default none: SSO is off */
  readonly sso?: ResolvedArgoCdSso;
  readonly localAdmin: boolean;
  readonly adminGroups: readonly string[];
  readonly teamGroupPrefix: string;
  readonly teamGroups: Readonly<Record<string, readonly string[]>>;
}

export interface ResolvedArgoCdSso {
  readonly issuer: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly groupsClaim: string;
  readonly requestedScopes: readonly string[];
}

/** Defaults of the access settings (see ArgoCdSettings for what each does). */
export const ARGOCD_ACCESS_DEFAULTS = {
  /** The group of the platform team in the OIDC provider. */
  adminGroups: ['platform-admins'],
  teamGroupPrefix: '',
  ssoDisplayName: 'SSO',
  groupsClaim: 'groups',
  requestedScopes: ['openid', 'profile', 'email', 'groups'],
} as const;

const SSO_KEYS: readonly (keyof ArgoCdSsoSettings)[] = [
  'issuer',
  'clientId',
  'displayName',
  'groupsClaim',
  'requestedScopes',
];

/** A report of one bad field: `field` is relative to `argocd.`. */
export type AddProblem = (field: string, problem: string | undefined) => void;

/**
 * Fills in and checks `argocd.url`, `sso`, `localAdmin`, `adminGroups`, `teamGroupPrefix` and `teamGroups`.
 * Group names end up in Argo CD's CSV policy, so commas, quotes and line breaks are refused.
 */
export function resolveArgoCdAccess(
  definition: ClusterDefinition,
  given: ArgoCdSettings,
  add: AddProblem,
): ResolvedArgoCdAccess {
  const url = given.url ?? `https://argocd.${definition.baseDomain}`;
  const urlProblem =
    given.url === undefined ? undefined : httpsUrlProblem(given.url, 'Argo CD URL', 'https://argocd.example.com');
  add('url', urlProblem);

  const sso = given.sso === undefined ? undefined : resolveSso(given.sso, add);
  // With SSO the URL is served by the cluster's ALB: its certificate and external-dns cover only the cluster's zones.
  if (sso !== undefined && given.url !== undefined && urlProblem === undefined) {
    const host = new URL(given.url).hostname;
    const zones = dnsZoneNames(definition);
    if (!zones.some((zone) => host === zone || host.endsWith(`.${zone}`))) {
      add(
        'url',
        `host "${host}" is not under the cluster's zones (${zones.join(', ')}): its certificate and external-dns cover only those; use e.g. https://argocd.${definition.baseDomain}`,
      );
    }
  }
  if (sso !== undefined && definition.platform?.externalSecrets === undefined) {
    add(
      'sso',
      'the OIDC client secret comes from Secrets Manager through External Secrets: enable platform.externalSecrets',
    );
  }
  if (given.localAdmin === false && given.sso === undefined) {
    add('localAdmin', 'false would leave no way to log in: set sso first (the local admin is off by default with SSO)');
  }
  const adminGroups = given.adminGroups ?? ARGOCD_ACCESS_DEFAULTS.adminGroups;
  if (given.adminGroups !== undefined) {
    if (given.adminGroups.length === 0) add('adminGroups', 'must name at least one group (the platform team)');
    given.adminGroups.forEach((group, index) => add(`adminGroups[${index}]`, groupProblem(group)));
  }
  const prefix = given.teamGroupPrefix ?? ARGOCD_ACCESS_DEFAULTS.teamGroupPrefix;
  if (given.teamGroupPrefix !== undefined && prefix !== '') add('teamGroupPrefix', groupProblem(prefix));
  for (const [team, groups] of Object.entries(given.teamGroups ?? {})) {
    if (groups.length === 0)
      add(`teamGroups.${team}`, 'must name at least one group (leave the team out for the default)');
    groups.forEach((group, index) => add(`teamGroups.${team}[${index}]`, groupProblem(group)));
  }
  return {
    url,
    ...(sso === undefined ? {} : { sso }),
    localAdmin: given.localAdmin ?? sso === undefined,
    adminGroups: [...adminGroups],
    teamGroupPrefix: prefix,
    teamGroups: { ...(given.teamGroups ?? {}) },
  };
}

/** The SSO groups bound to a team's project role. */
export function teamGroupsOf(access: ResolvedArgoCdAccess, team: string): readonly string[] {
  return access.teamGroups[team] ?? [`${access.teamGroupPrefix}${team}`];
}

function resolveSso(sso: ArgoCdSsoSettings, add: AddProblem): ResolvedArgoCdSso {
  for (const key of Object.keys(sso)) {
    if (!(SSO_KEYS as string[]).includes(key)) add(`sso.${key}`, `unknown field; known fields: ${SSO_KEYS.join(', ')}`);
  }
  add('sso.issuer', httpsUrlProblem(sso.issuer, 'OIDC issuer', 'https://acme.okta.com/oauth2/default'));
  if (typeof sso.clientId !== 'string' || !/^\S+$/.test(sso.clientId)) {
    add('sso.clientId', `${JSON.stringify(sso.clientId)} must be the client id registered at the provider (no spaces)`);
  }
  if (sso.groupsClaim !== undefined && !/^[A-Za-z0-9_.:/-]+$/.test(sso.groupsClaim)) {
    add('sso.groupsClaim', `${JSON.stringify(sso.groupsClaim)} must be a claim name such as "groups"`);
  }
  if (sso.displayName !== undefined && !/^[^\n"]{1,64}$/.test(sso.displayName)) {
    add('sso.displayName', `${JSON.stringify(sso.displayName)} must be 1 to 64 characters on one line, without quotes`);
  }
  const scopes = sso.requestedScopes ?? ARGOCD_ACCESS_DEFAULTS.requestedScopes;
  if (sso.requestedScopes !== undefined) {
    if (!scopes.includes('openid')) add('sso.requestedScopes', `must include "openid" (got ${JSON.stringify(scopes)})`);
    const bad = scopes.filter((scope) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope));
    if (bad.length > 0) add('sso.requestedScopes', `${JSON.stringify(bad)} are not OAuth scopes (no spaces or quotes)`);
    if (new Set(scopes).size !== scopes.length) add('sso.requestedScopes', 'lists a scope twice');
  }
  return {
    issuer: sso.issuer,
    clientId: sso.clientId,
    displayName: sso.displayName ?? ARGOCD_ACCESS_DEFAULTS.ssoDisplayName,
    groupsClaim: sso.groupsClaim ?? ARGOCD_ACCESS_DEFAULTS.groupsClaim,
    requestedScopes: [...scopes],
  };
}

function httpsUrlProblem(value: unknown, what: string, example: string): string | undefined {
  const wrong = `${JSON.stringify(value)} must be the https URL of the ${what}, without query or fragment (for example "${example}")`;
  if (typeof value !== 'string' || /\s/.test(value)) return wrong;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' &&
      url.hostname !== '' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === ''
      ? undefined
      : wrong;
  } catch {
    return wrong;
  }
}

function groupProblem(group: unknown): string | undefined {
  return typeof group === 'string' && /^[^\s,"'#]+( [^\s,"'#]+)*$/.test(group)
    ? undefined
    : `${JSON.stringify(group)} is not a group name Argo CD's CSV policy can hold (no commas, quotes, # or line breaks)`;
}
