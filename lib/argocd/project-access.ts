import { appProjectObject, type KubeObject, type ProjectRole, type ResourceRule } from './objects';

/** Argo CD creates a project of this name with open defaults (any repository, any destination, any kind). */
export const DEFAULT_PROJECT = 'default';

/**
 * Namespaced kinds a team's Applications may not sync, even in their own namespaces. Cluster-scoped kinds are
 * refused by the project's clusterResourceWhitelist (only the team's own Namespace objects).
 */
export const TEAM_DENIED_KINDS: readonly (ResourceRule & { readonly reason: string })[] = [
  {
    group: 'rbac.authorization.k8s.io',
    kind: '*',
    reason: 'Roles and RoleBindings would grant Kubernetes API access the platform did not review',
  },
  { group: '', kind: 'ResourceQuota', reason: 'the platform sizes namespaces' },
  { group: '', kind: 'LimitRange', reason: 'the platform sizes namespaces' },
  { group: '', kind: 'Secret', reason: 'secret values never come from git; ExternalSecrets write Secrets' },
  // Argo CD's kinds, by name: the group is shared with Argo Rollouts, whose Rollouts and AnalysisTemplates a
  // canary or blue-green app renders in its own folder.
  ...['Application', 'ApplicationSet', 'AppProject'].map((kind) => ({
    group: 'argoproj.io',
    kind,
    reason: "Applications or AppProjects in a team's folder would escape the team's project",
  })),
  ...['AnalysisRun', 'Experiment'].map((kind) => ({
    group: 'argoproj.io',
    kind,
    reason: 'Argo Rollouts creates these itself for a Rollout; from git they would bypass its analysis',
  })),
  {
    group: 'external-secrets.io',
    kind: 'PushSecret',
    reason: 'it writes cluster Secrets out to Secrets Manager with the controller identity',
  },
  {
    group: 'generators.external-secrets.io',
    kind: '*',
    reason: 'generators (STS session tokens, ECR tokens) would mint credentials with the controller identity',
  },
];

/** The name of the role of a team's project that its SSO groups get. */
export const TEAM_DEPLOYER_ROLE = 'deployers';

/**
 * What a team may do in Argo CD, in its own project only: see its apps, sync them (a rollback is a sync to an
 * earlier revision: Argo CD checks `sync` for it, and refuses it while automated sync is on), restart a
 * Deployment, start a Job from a CronJob and drive a Rollout (promote, abort, retry, pause, restart). No create, update, delete or override: apps change through git.
 */
export function teamProjectRoles(project: string, groups: readonly string[]): ProjectRole[] {
  const subject = `proj:${project}:${TEAM_DEPLOYER_ROLE}`;
  const own = `${project}/*`;
  const grant = (resource: string, action: string) => `p, ${subject}, ${resource}, ${action}, ${own}, allow`;
  return [
    {
      name: TEAM_DEPLOYER_ROLE,
      description: `Team ${project}: view, sync and roll back its own apps, restart Deployments, run CronJobs now, promote or abort Rollouts.`,
      groups: [...groups],
      policies: [
        grant('applications', 'get'),
        grant('applications', 'sync'),
        grant('applications', 'action/apps/Deployment/restart'),
        grant('applications', 'action/batch/CronJob/create-job'),
        // Argo CD's built-in Rollout actions: promote past a pause or an inconclusive analysis, abort (back to
        // stable), retry an aborted one, resume, restart its pods.
        ...['abort', 'promote-full', 'restart', 'resume', 'retry'].map((action) =>
          grant('applications', `action/argoproj.io/Rollout/${action}`),
        ),
        grant('logs', 'get'),
      ],
    },
  ];
}

/**
 * The `default` project, locked: no source repository, no destination, no kind. An Application that names no
 * project (or a mistyped one) cannot deploy anything, instead of getting Argo CD's open defaults.
 */
export function lockedDefaultProject(labels: Readonly<Record<string, string>>): KubeObject {
  return appProjectObject({
    name: DEFAULT_PROJECT,
    description: 'Locked on purpose: no repositories, destinations or kinds. Every Application names its own project.',
    labels,
    sourceRepos: [],
    destinationNamespaces: [],
    clusterResources: [],
    namespaceResourceBlacklist: [{ group: '*', kind: '*' }],
    syncWindows: [],
  });
}
