/** Whether a sync window lets syncs through while it is open, or holds them back. */
export enum SyncWindowKind {
  /** Syncs run only while an allow window is open. */
  ALLOW = 'allow',
  /** Automated syncs wait while a deny window is open (manual syncs too, unless `manualSync`). */
  DENY = 'deny',
}

/** A recurring period in which Argo CD holds back (or only allows) syncs of every Application of a project. */
export interface SyncWindowSettings {
  readonly kind: SyncWindowKind;
  /** When the window opens: five-field cron (minute hour day-of-month month day-of-week), in `timeZone`. */
  readonly schedule: string;
  /** How long the window stays open, as a Go duration (`30m`, `11h`, `48h`). */
  readonly duration: string;
  /** IANA time zone of `schedule`. @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** Let people sync by hand while a deny window is open (break-glass, rollbacks). @default true */
  readonly manualSync?: boolean;
  /** Shown in the Argo CD UI next to the window. @default none */
  readonly description?: string;
}

/**
 * Argo CD notifications of one cluster: a GitHub commit status per Application (context
 * `argocd/<cluster>/<app>`) and Slack messages on deployed, degraded and sync-failed. The GitHub App's private
 * key and the Slack bot token live in Secrets Manager (`platformSecretName(cluster, 'argocd-notifications')`,
 * JSON properties `github-privateKey` and `slack-token`) and reach Argo CD through External Secrets.
 */
export interface ArgoCdNotificationSettings {
  /** App ID of the GitHub App that posts commit statuses (repository permission "Commit statuses: write"). */
  readonly githubAppId: number;
  /** Installation ID of that App on the organisation that owns this repository. */
  readonly githubInstallationId: number;
  /** Slack channel of deploy messages, `#deploys-staging` (invite the bot of the Slack token there). */
  readonly slackChannel: string;
  /** Argo CD's web address, for the links in statuses and messages. @default `https://argocd.<baseDomain>` */
  readonly url?: string;
}

/**
 * How Argo CD runs one cluster. Every field is optional: `ARGOCD_DEFAULTS` in lib/argocd/defaults.ts holds
 * the repository-wide defaults (repository URL, revision, chart version, retry), in one place.
 */
export interface ArgoCdSettings {
  /** Git repository Argo CD reads `generated/<cluster>/` from. @default ARGOCD_DEFAULTS.repoUrl */
  readonly repoUrl?: string;
  /** Branch, tag or commit Argo CD follows. @default ARGOCD_DEFAULTS.targetRevision ('main') */
  readonly targetRevision?: string;
  /** Automated sync deletes what disappeared from git. @default true */
  readonly autoSyncPrune?: boolean;
  /** Automated sync reverts changes made in the cluster by hand. @default true */
  readonly autoSyncSelfHeal?: boolean;
  /**
   * Retries of a failed sync; -1 retries for ever (with the capped backoff), 0 turns retrying off. A limit
   * leaves a first sync that needs a person (a secret value, a DNS delegation) stuck until the next commit.
   * @default -1
   */
  readonly syncRetryLimit?: number;
  /** Wait before the first retry (Go duration). @default '10s' */
  readonly syncRetryBackoffDuration?: string;
  /** Each wait is this many times the previous one. @default 2 */
  readonly syncRetryBackoffFactor?: number;
  /** Longest wait between retries (Go duration). @default '5m' */
  readonly syncRetryBackoffMaxDuration?: string;
  /** Sync windows put on every AppProject of the cluster. @default none: syncs may run at any time */
  readonly syncWindows?: readonly SyncWindowSettings[];
  /** Run Argo CD highly available (Redis HA, two replicas of server, repo server, ApplicationSet controller). @default true for production, false otherwise */
  readonly highAvailability?: boolean;
  /** Version of the argo-cd Helm chart (upgrade staging first). @default ARGOCD_CHART.version (lib/argocd/defaults.ts) */
  readonly chartVersion?: string;
  /**
   * Commit statuses and Slack messages of what Argo CD deployed; needs `platform.externalSecrets`. A cluster
   * others are promoted from needs them: the promotion gate reads the statuses.
   * @default none: the notifications controller is off
   */
  readonly notifications?: ArgoCdNotificationSettings;
  /** External URL of Argo CD (https): the OIDC redirect URL and the links in notifications. @default `https://argocd.<baseDomain>` */
  readonly url?: string;
  /** Log in through an OIDC provider; turns the local admin off (see `localAdmin`). @default none: only the local admin can log in */
  readonly sso?: ArgoCdSsoSettings;
  /**
   * Keep Argo CD's local `admin` user. Break-glass only (docs/security.md, "Argo CD break-glass"): set it back to
   * true in a reviewed pull request when the OIDC provider is down. @default false when `sso` is set, true otherwise
   */
  readonly localAdmin?: boolean;
  /** SSO groups that get Argo CD's `role:admin` on every project. @default ['platform-admins'] */
  readonly adminGroups?: readonly string[];
  /** Prefix of the SSO group of each team: team `storefront` is group `<prefix>storefront`. @default '' (the team name) */
  readonly teamGroupPrefix?: string;
  /** SSO groups of a team's project role, by team, instead of `<teamGroupPrefix><team>`. @default none */
  readonly teamGroups?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Single sign-on to Argo CD through an OpenID Connect provider (Okta, Entra ID, Google, Keycloak...). The
 * client secret is not set here: it lives in Secrets Manager (`platformSecretName(cluster, 'argocd')`, JSON
 * property `oidc-client-secret`) and reaches Argo CD through an ExternalSecret.
 */
export interface ArgoCdSsoSettings {
  /** The provider's issuer URL, exactly as in the tokens' `iss` claim (https), e.g. 'https://acme.okta.com/oauth2/default'. */
  readonly issuer: string;
  /** Client (application) id registered at the provider for this cluster's Argo CD. */
  readonly clientId: string;
  /** Label of the login button. @default 'SSO' */
  readonly displayName?: string;
  /** ID-token claim that lists the user's groups; RBAC matches groups from it. @default 'groups' */
  readonly groupsClaim?: string;
  /** Scopes requested at login; must include 'openid'. @default ['openid', 'profile', 'email', 'groups'] */
  readonly requestedScopes?: readonly string[];
}
