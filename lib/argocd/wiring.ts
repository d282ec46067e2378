import { ConfigError } from '../errors';
import type { ResolvedCluster } from '../model/resolved-app';
import { type OutputUnit, UnitCategory } from '../synth/output-unit';
import { teamGroupsOf } from './access-settings';
import { withAccessValues } from './access-values';
import { argoCdServerIngress, type ArgoCdServerIngressValues } from './server-ingress';
import { argoCdChartValues } from './chart-values';
import {
  ARGOCD_APPLICATION,
  ARGOCD_CHART,
  ARGOCD_DEFAULTS,
  ARGOCD_FOLDER,
  BOOTSTRAP_PROJECT,
  PLATFORM_PROJECT,
  ROOT_APPLICATION,
} from './defaults';
import { applicationObject, appProjectObject, type KubeObject } from './objects';
import { lockedDefaultProject, TEAM_DENIED_KINDS, teamProjectRoles } from './project-access';
import { subscriptionAnnotations } from './notifications';
import type { ResolvedArgoCdSettings } from './settings';
import { SyncOption, syncPolicy } from './sync-policy';
import { type UnitFacts, unitFacts } from './unit-facts';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s' } as const;
const RESERVED_NAMES = new Set([ROOT_APPLICATION, ARGOCD_APPLICATION]);
const RESERVED_PROJECTS = new Set([PLATFORM_PROJECT, BOOTSTRAP_PROJECT, 'default']);

/** The folder, in the repository, that holds a unit's generated output. */
export function unitPath(cluster: string, folder: string): string {
  return `generated/${cluster}/${folder}`;
}

/** The sync wave of a unit's Application: its own, or platform before apps. */
export function unitSyncWave(unit: OutputUnit): number {
  if (unit.syncWave !== undefined) return unit.syncWave;
  return unit.category === UnitCategory.PLATFORM ? ARGOCD_DEFAULTS.platformSyncWave : ARGOCD_DEFAULTS.appSyncWave;
}

/** The root's own AppProject: it may only create Applications and AppProjects in the argocd namespace. */
export function bootstrapProject(settings: ResolvedArgoCdSettings): KubeObject {
  return appProjectObject({
    name: BOOTSTRAP_PROJECT,
    description: 'The root Application (app-of-apps): Applications and AppProjects in the argocd namespace only.',
    labels: { ...MANAGED_BY, team: PLATFORM_PROJECT },
    sourceRepos: [settings.repoUrl],
    destinationNamespaces: [ARGOCD_DEFAULTS.namespace],
    clusterResources: [],
    namespaceResources: [
      { group: 'argoproj.io', kind: 'AppProject' },
      { group: 'argoproj.io', kind: 'Application' },
    ],
    syncWindows: settings.syncWindows,
  });
}

/**
 * The app-of-apps over `generated/<cluster>/argocd`. It lives only in `argocd/<cluster>-root.yaml`, applied by
 * hand, never in its own source path: an Application that manages itself waits on its own health in its sync
 * waves, and with child Application health on (lib/argocd/chart-values.ts) its health is the worst child's, so
 * one Degraded app would fail every root sync.
 */
export function rootApplication(cluster: string, settings: ResolvedArgoCdSettings): KubeObject {
  return applicationObject({
    name: ROOT_APPLICATION,
    project: BOOTSTRAP_PROJECT,
    destinationNamespace: ARGOCD_DEFAULTS.namespace,
    syncWave: ARGOCD_DEFAULTS.projectSyncWave,
    labels: { ...MANAGED_BY, team: PLATFORM_PROJECT },
    source: {
      repoURL: settings.repoUrl,
      targetRevision: settings.targetRevision,
      path: unitPath(cluster, ARGOCD_FOLDER),
    },
    syncPolicy: syncPolicy(settings, []),
    // Deleting the root must never cascade into every app of the cluster.
    cascadeDelete: false,
    annotations: subscriptionAnnotations({ settings: settings.notifications, commitStatus: true }),
  });
}

/**
 * Every Argo CD object of one cluster: the AppProjects (bootstrap, platform, one per team), the root, Argo
 * CD's own Helm release and one Application per unit.
 */
export function argoCdObjects(
  cluster: ResolvedCluster,
  units: readonly OutputUnit[],
  settings: ResolvedArgoCdSettings,
): KubeObject[] {
  const clusterName = cluster.definition.name;
  const facts = new Map<OutputUnit, UnitFacts>();
  for (const unit of units) {
    checkUnit(cluster, unit);
    facts.set(unit, unitFacts(unit));
  }

  const applications = units.map((unit) => unitApplication(clusterName, unit, facts.get(unit)!, settings));
  const platformUnits = units.filter((unit) => unit.category === UnitCategory.PLATFORM);
  const appUnits = units.filter((unit) => unit.category === UnitCategory.APP);

  const platformRepos = [settings.repoUrl, ARGOCD_CHART.repoURL];
  const platformNamespaces: string[] = [ARGOCD_DEFAULTS.namespace];
  for (const unit of platformUnits) {
    const unitFact = facts.get(unit)!;
    platformNamespaces.push(unit.namespace, ...unitFact.objectNamespaces);
    for (const child of unitFact.childApplications) {
      if (child.project !== PLATFORM_PROJECT) {
        throw new Error(
          `unit "${unit.folder}" of cluster "${clusterName}" ships Application "${child.name}" in project "${child.project}"; platform Applications must use project "${PLATFORM_PROJECT}" (PLATFORM_PROJECT in lib/argocd/defaults.ts)`,
        );
      }
      platformRepos.push(...child.repoUrls);
      platformNamespaces.push(...child.destinationNamespaces);
    }
  }
  const projects: KubeObject[] = [
    bootstrapProject(settings),
    lockedDefaultProject({ ...MANAGED_BY, team: PLATFORM_PROJECT }),
    appProjectObject({
      name: PLATFORM_PROJECT,
      description: 'Platform components and Argo CD itself, installed from this repository and pinned Helm charts.',
      labels: { ...MANAGED_BY, team: PLATFORM_PROJECT },
      sourceRepos: platformRepos,
      destinationNamespaces: platformNamespaces,
      // Operators and charts install CRDs, cluster roles, webhooks and the like.
      clusterResources: [{ group: '*', kind: '*' }],
      syncWindows: settings.syncWindows,
    }),
  ];
  const teams = [...new Set(appUnits.map((unit) => unit.team))].sort();
  for (const team of Object.keys(settings.access.teamGroups)) {
    if (!teams.includes(team)) {
      throw new ConfigError(
        { file: cluster.file, cluster: clusterName, field: `argocd.teamGroups.${team}` },
        `no app of cluster "${clusterName}" belongs to team "${team}" (teams here: ${teams.join(', ') || 'none'})`,
      );
    }
  }
  for (const team of teams) {
    const owned = appUnits.filter((unit) => unit.team === team);
    const namespaces = [...new Set(owned.map((unit) => unit.namespace))].sort();
    projects.push(
      appProjectObject({
        name: team,
        description: teamProjectDescription(
          team,
          owned.map((unit) => unit.folder),
        ),
        labels: { ...MANAGED_BY, team },
        sourceRepos: [settings.repoUrl],
        destinationNamespaces: [...namespaces, ...owned.flatMap((unit) => facts.get(unit)!.objectNamespaces)],
        // The only cluster-scoped objects an app needs are its own namespaces.
        clusterResources: namespaces.map((name) => ({ group: '', kind: 'Namespace', name })),
        namespaceResourceBlacklist: TEAM_DENIED_KINDS.map(({ group, kind }) => ({ group, kind })),
        roles: teamProjectRoles(team, teamGroupsOf(settings.access, team)),
        syncWindows: settings.syncWindows,
      }),
    );
  }

  const argocd = applicationObject({
    name: ARGOCD_APPLICATION,
    project: PLATFORM_PROJECT,
    destinationNamespace: ARGOCD_DEFAULTS.namespace,
    syncWave: ARGOCD_DEFAULTS.argoCdSyncWave,
    labels: { ...MANAGED_BY, team: PLATFORM_PROJECT },
    source: {
      repoURL: ARGOCD_CHART.repoURL,
      chart: ARGOCD_CHART.chart,
      targetRevision: settings.chartVersion,
      helm: {
        releaseName: ARGOCD_DEFAULTS.releaseName,
        valuesObject: withServerIngress(
          withAccessValues(
            argoCdChartValues({
              highAvailability: settings.highAvailability,
              cluster: clusterName,
              repoUrl: settings.repoUrl,
              notifications: settings.notifications,
            }),
            settings.access,
          ),
          argoCdServerIngress(cluster.definition, settings.access),
        ),
      },
    },
    // The chart's CRDs (ApplicationSet) are too large for client-side apply.
    syncPolicy: syncPolicy(settings, [SyncOption.SERVER_SIDE_APPLY]),
    // Deleting this Application must never uninstall Argo CD.
    cascadeDelete: false,
    // Its revision is a chart version, not a commit: Slack only.
    annotations: subscriptionAnnotations({ settings: settings.notifications, commitStatus: false }),
  });

  return [...projects, argocd, ...applications];
}

function unitApplication(
  cluster: string,
  unit: OutputUnit,
  facts: UnitFacts,
  settings: ResolvedArgoCdSettings,
): KubeObject {
  const options: SyncOption[] = [];
  if (facts.hasCustomResourceDefinitions) options.push(SyncOption.SERVER_SIDE_APPLY);
  if (!facts.rendersOwnNamespace) options.push(SyncOption.CREATE_NAMESPACE);
  if (facts.scaledDeployments.length > 0 || facts.controllerOwnedFields.length > 0) {
    options.push(SyncOption.RESPECT_IGNORE_DIFFERENCES);
  }
  // Apps: switching between a Deployment and a Rollout (either way) prunes the old one only once the new serves.
  if (unit.category === UnitCategory.APP) options.push(SyncOption.PRUNE_LAST);
  return applicationObject({
    name: unit.folder,
    project: unit.category === UnitCategory.PLATFORM ? PLATFORM_PROJECT : unit.team,
    destinationNamespace: unit.namespace,
    syncWave: unitSyncWave(unit),
    labels: { ...MANAGED_BY, team: unit.team },
    source: {
      repoURL: settings.repoUrl,
      targetRevision: settings.targetRevision,
      path: unitPath(cluster, unit.folder),
    },
    syncPolicy: syncPolicy(settings, options),
    optional: unit.optional === true,
    // The HorizontalPodAutoscaler owns replicas; Argo CD neither reports nor reverts its changes.
    ignoreDifferences: [
      ...facts.scaledDeployments.map((deployment) => ({
        group: 'apps',
        kind: 'Deployment',
        namespace: deployment.namespace,
        name: deployment.name,
        jsonPointers: ['/spec/replicas'],
      })),
      ...facts.controllerOwnedFields.map((owned) => ({ ...owned, jsonPointers: [...owned.jsonPointers] })),
    ],
    // Removing an app removes its resources. A platform unit's folder holds the Helm Applications that
    // installed CRDs and the ExternalSecrets whose Secrets others mount: cascading would delete those too.
    cascadeDelete: unit.category === UnitCategory.APP,
    annotations: subscriptionAnnotations({ settings: settings.notifications, commitStatus: true }),
  });
}

function checkUnit(cluster: ResolvedCluster, unit: OutputUnit): void {
  const at = { file: cluster.file, cluster: cluster.definition.name, app: unit.folder };
  if (RESERVED_NAMES.has(unit.folder) || unit.folder === ARGOCD_FOLDER) {
    throw new ConfigError(
      at,
      `the name "${unit.folder}" is reserved for Argo CD's own Applications (${[...RESERVED_NAMES].join(', ')}); rename the app or component`,
    );
  }
  if (unit.category === UnitCategory.APP && RESERVED_PROJECTS.has(unit.team)) {
    throw new ConfigError(
      at,
      `team "${unit.team}" would share the reserved Argo CD project "${unit.team}"; reserved: ${[...RESERVED_PROJECTS].join(', ')}`,
    );
  }
  const wave = unitSyncWave(unit);
  if (!Number.isInteger(wave) || wave <= ARGOCD_DEFAULTS.argoCdSyncWave) {
    throw new Error(
      `unit "${unit.folder}" of cluster "${cluster.definition.name}": sync wave ${wave} must be an integer above ${ARGOCD_DEFAULTS.argoCdSyncWave} (Argo CD upgrades itself first)`,
    );
  }
}

/** Argo CD refuses an AppProject description over 255 characters; a big team's list of apps is cut to fit. */
export const APP_PROJECT_DESCRIPTION_MAX = 255;

/** `Apps of team <team>: a, b, c.`, or `Apps of team <team> (40): a, b, ... and 31 more.` within the limit. */
export function teamProjectDescription(team: string, apps: readonly string[]): string {
  const full = `Apps of team ${team}: ${apps.join(', ')}.`;
  if (full.length <= APP_PROJECT_DESCRIPTION_MAX) return full;
  for (let shown = apps.length - 1; shown >= 0; shown--) {
    const text = `Apps of team ${team} (${apps.length}): ${[...apps.slice(0, shown), `and ${apps.length - shown} more`].join(', ')}.`;
    if (text.length <= APP_PROJECT_DESCRIPTION_MAX) return text;
  }
  return `Apps of team ${team} (${apps.length}).`.slice(0, APP_PROJECT_DESCRIPTION_MAX);
}

/** The chart values with `server.ingress` added when Argo CD is exposed (SSO), else unchanged. */
function withServerIngress<T extends { readonly server: object }>(
  values: T,
  ingress: ArgoCdServerIngressValues | undefined,
): T {
  return ingress === undefined ? values : { ...values, server: { ...values.server, ingress } };
}
