import { chartInstalls, type ChartInstallsTable, enabled } from '../converge/chart-installs';
import { repositoryCloneUrl } from '../repository';

/**
 * Every Argo CD default, in one place. Clusters override the per-cluster ones through `argocd` in their
 * definition (see ArgoCdSettings); the rest are fixed choices of this repository.
 */
export const ARGOCD_DEFAULTS = {
  /** The Git repository Argo CD reads; one place for every cluster. */
  repoUrl: repositoryCloneUrl(),
  /** Production changes only through reviewed pull requests merged into this branch. */
  targetRevision: 'main',
  /** Namespace Argo CD runs in; every Application and AppProject lives here. */
  namespace: 'argocd',
  /** The cluster Argo CD runs in: every cluster deploys to itself. */
  destinationServer: 'https://kubernetes.default.svc',
  /** Helm release name of Argo CD: the bootstrap `helm install` and the self-managing Application agree on it. */
  releaseName: 'argocd',
  autoSyncPrune: true,
  autoSyncSelfHeal: true,
  /** Retry for ever, at most every 5 minutes: a first sync converges once what it waits for exists. */
  syncRetryLimit: -1,
  syncRetryBackoffDuration: '10s',
  syncRetryBackoffFactor: 2,
  syncRetryBackoffMaxDuration: '5m',
  syncWindowTimeZone: 'Etc/UTC',
  syncWindowManualSync: true,
  /** Sync wave of a platform unit's Application when the unit sets none: controllers before apps. */
  platformSyncWave: -10,
  /** Sync wave of an app unit's Application when the unit sets none. */
  appSyncWave: 0,
  /** AppProjects (and the root) come first in the root's sync. */
  projectSyncWave: -100,
  /** Argo CD upgrades itself before it syncs anything else. */
  argoCdSyncWave: -50,
} as const;

/**
 * The pinned argo-cd chart (Argo CD 3.x), written like the platform's chart pins (`platform/<component>/charts.ts`)
 * so that one Renovate rule keeps them all current. Upgrade by setting `argocd.chartVersion` in staging first.
 */
export const ARGOCD_CHART = {
  chart: 'argo-cd',
  repoURL: 'https://argoproj.github.io/argo-helm',
  version: '10.9.0',
} as const;

/**
 * What the argo-cd chart installs (see lib/converge/chart-installs.ts). The bootstrap `helm install` puts it there
 * before the first sync; the `argocd` Application then manages the same release.
 */
export const ARGOCD_INSTALLS: ChartInstallsTable = {
  chart: 'argo-cd',
  allCrds: ['argoproj.io/AppProject', 'argoproj.io/Application', 'argoproj.io/ApplicationSet'],
  installs: (release) =>
    chartInstalls({
      crds: enabled(release.values, 'crds.install', true)
        ? ['argoproj.io/AppProject', 'argoproj.io/Application', 'argoproj.io/ApplicationSet']
        : [],
      serviceAccounts: ['application-controller', 'server', 'repo-server', 'applicationset-controller'].map((name) => ({
        namespace: release.namespace,
        name: `argocd-${name}`,
      })),
      runsOnSystemPool: true,
    }),
};

/** The AppProject of platform components and of Argo CD itself. */
export const PLATFORM_PROJECT = 'platform';
/** The AppProject of the root Application: it may only create Applications and AppProjects in argocd. */
export const BOOTSTRAP_PROJECT = 'bootstrap';
/** Name of the root Application (app-of-apps over `generated/<cluster>/argocd`). */
export const ROOT_APPLICATION = 'root';
/** Folder of the unit that holds the Argo CD wiring: `generated/<cluster>/argocd/`. */
export const ARGOCD_FOLDER = 'argocd';
/** Name of the Application through which Argo CD manages its own Helm release. */
export const ARGOCD_APPLICATION = 'argocd';
