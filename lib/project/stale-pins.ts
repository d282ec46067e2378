import type { Project } from './load';

/** A release pin no app uses: the app is gone from apps/, or the cluster no longer runs it. */
export interface StalePin {
  readonly cluster: string;
  readonly app: string;
  readonly pinsFile: string;
  readonly clusterFile: string;
  /** `unknown`: there is no apps/<app>/; `disabled`: the cluster's "apps" does not list it. */
  readonly reason: 'unknown' | 'disabled';
}

/**
 * The pins left behind when an app was removed or taken out of a cluster. They render nothing, so they are
 * warnings, not errors; but a stale pin would silently come back with the app, so each names the command
 * that removes it.
 */
export function stalePins(project: Pick<Project, 'apps' | 'clusters'>): StalePin[] {
  const apps = new Set(project.apps.map((app) => app.spec.name));
  return project.clusters.flatMap((cluster) =>
    Object.keys(cluster.pins)
      .filter((app) => cluster.definition.apps?.[app] === undefined)
      .map((app) => ({
        cluster: cluster.definition.name,
        app,
        pinsFile: cluster.pinsFile,
        clusterFile: cluster.file,
        reason: apps.has(app) ? ('disabled' as const) : ('unknown' as const),
      })),
  );
}

/** `<pin file>: cluster "c", app "a": <why>; remove it: npm run release -- --remove --cluster c --app a`. */
export function stalePinMessage(pin: StalePin): string {
  const why =
    pin.reason === 'unknown'
      ? `pinned, but there is no app "${pin.app}" (no folder apps/${pin.app}/)`
      : `pinned, but the cluster does not run the app (it is not in "apps" of ${pin.clusterFile})`;
  return `${pin.pinsFile}: cluster "${pin.cluster}", app "${pin.app}": ${why}; remove the pin: npm run release -- --remove --cluster ${pin.cluster} --app ${pin.app}`;
}
