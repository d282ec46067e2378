import { stringify } from 'yaml';
import type { ResolvedArgoCdAccess } from './access-settings';

/**
 * The Kubernetes Secret in the argocd namespace that holds the OIDC client secret, written by an ExternalSecret
 * from Secrets Manager. Argo CD resolves `$<secret>:<key>` in argocd-cm from Secrets labelled part-of argocd.
 */
export const ARGOCD_OIDC_SECRET = { name: 'argocd-oidc', key: 'client-secret' } as const;
/** The label Argo CD requires on a Secret that argocd-cm references. */
export const ARGOCD_PART_OF_LABEL = { 'app.kubernetes.io/part-of': 'argocd' } as const;

/** Every user who logs in may look at everything; changing anything needs a role. */
export const ARGOCD_DEFAULT_ROLE = 'role:readonly';

/** What the argo-cd chart's `configs.cm` and `configs.rbac` get for SSO and RBAC. */
export interface ArgoCdAccessValues {
  readonly cm: {
    readonly url: string;
    readonly 'admin.enabled': boolean;
    readonly 'oidc.config'?: string;
  };
  readonly rbac: {
    readonly 'policy.default': string;
    readonly 'policy.csv': string;
    readonly scopes: string;
  };
}

/**
 * SSO and the global RBAC policy: OIDC login (client secret by reference, never in git), the local admin off
 * once SSO is set, read-only for everyone and admin for the admin groups. Teams get their rights from the
 * roles of their AppProject (teamProjectRoles), so they reach only their own apps.
 */
export function argoCdAccessValues(access: ResolvedArgoCdAccess): ArgoCdAccessValues {
  const sso = access.sso;
  const oidcConfig =
    sso === undefined
      ? undefined
      : stringify({
          name: sso.displayName,
          issuer: sso.issuer,
          clientID: sso.clientId,
          clientSecret: `$${ARGOCD_OIDC_SECRET.name}:${ARGOCD_OIDC_SECRET.key}`,
          requestedScopes: [...sso.requestedScopes],
          // Without it some providers leave the groups out of the ID token and every user is read-only.
          requestedIDTokenClaims: { [sso.groupsClaim]: { essential: true } },
        });
  return {
    cm: {
      url: access.url,
      'admin.enabled': access.localAdmin,
      ...(oidcConfig === undefined ? {} : { 'oidc.config': oidcConfig }),
    },
    rbac: {
      'policy.default': ARGOCD_DEFAULT_ROLE,
      'policy.csv': access.adminGroups.map((group) => `g, ${group}, role:admin\n`).join(''),
      scopes: `[${sso?.groupsClaim ?? 'groups'}]`,
    },
  };
}

/** The chart values with the access values merged into `configs.cm` and `configs.rbac`. */
export function withAccessValues<T extends { readonly configs: { readonly cm: object } }>(
  values: T,
  access: ResolvedArgoCdAccess,
): T & { readonly configs: { readonly rbac: ArgoCdAccessValues['rbac'] } } {
  const added = argoCdAccessValues(access);
  const configs = values.configs as T['configs'] & { readonly rbac?: object };
  return {
    ...values,
    configs: { ...configs, cm: { ...configs.cm, ...added.cm }, rbac: { ...(configs.rbac ?? {}), ...added.rbac } },
  };
}
