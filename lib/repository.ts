/**
 * The GitHub repository this GitOps tree lives in, set once for the whole product: the OIDC trust of the CI
 * roles (infra), the Git URL Argo CD syncs, the owners in CODEOWNERS and the links in alerts all derive from it,
 * so they cannot disagree. Change it here when you fork the repository.
 */
export const REPOSITORY = {
  /** GitHub organisation (or user) that owns the repository. */
  owner: 'acme',
  /** Repository name. */
  name: 'platform-gitops',
  /** GitHub team (without the org) that owns infra/, lib/, platform/, CI and every gated cluster's files. */
  platformTeam: 'platform-team',
  /**
   * GitHub teams (without the org) of the app teams whose GitHub slug differs from the `team` of their apps
   * (apps/<app>/index.ts); CODEOWNERS names every other team as it is.
   */
  githubTeams: {} as Readonly<Record<string, string>>,
} as const;

/** `owner/name`, as GitHub's OIDC `sub` claim and the API name it. */
export function repositorySlug(): string {
  return `${REPOSITORY.owner}/${REPOSITORY.name}`;
}

/** The HTTPS clone URL Argo CD reads. */
export function repositoryCloneUrl(): string {
  return `https://github.com/${repositorySlug()}.git`;
}

/** A file's web view on the main branch (runbook links in alerts). */
export function repositoryFileUrl(path: string, branch = 'main'): string {
  return `https://github.com/${repositorySlug()}/blob/${branch}/${path}`;
}

/** A GitHub team as CODEOWNERS names it: `@owner/team`. */
export function codeOwnerTeam(team: string): string {
  return `@${REPOSITORY.owner}/${team}`;
}

/** The CODEOWNERS owner of an app team (`team` in apps/<app>/index.ts), through REPOSITORY.githubTeams. */
export function appTeamOwner(
  team: string,
  githubTeams: Readonly<Record<string, string>> = REPOSITORY.githubTeams,
): string {
  return codeOwnerTeam(githubTeams[team] ?? team);
}
