/**
 * What an upstream Helm chart installs into a cluster, as far as the first sync's order depends on it. Each
 * chart pin (`platform/<component>/charts.ts`) has its table next to it; test/converge/chart-installs.test.ts
 * checks every table's CRDs against the chart's reference data in ../shared/charts.
 */

/** A Kubernetes object kind with its API group (`` for the core group): `cert-manager.io/Certificate`. */
export type GroupKind = string;

/** An admission webhook the chart registers; while its server is not running, what it admits is refused. */
export interface ChartWebhook {
  /** The webhook configuration's name, as the chart renders it. */
  readonly name: string;
  /** `pods`, or the custom resource kinds it admits (`group/Kind`; `group/*` for every kind of a group). */
  readonly admits: 'pods' | readonly GroupKind[];
  /** Only objects in namespaces with this label are admitted. @default every namespace */
  readonly namespaceLabel?: { readonly key: string; readonly value: string };
}

/** A PersistentVolumeClaim the chart's pods make. */
export interface ChartVolumeClaim {
  /** What claims it, for messages: `Prometheus`. */
  readonly what: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** A custom resource the chart renders itself, of a kind whose CRD another chart installs. */
export interface ChartCustomResource {
  readonly groupKind: GroupKind;
  readonly name: string;
  /**
   * The chart renders it only once the CRD exists (`.Capabilities.APIVersions.Has`): it then appears on a later
   * sync instead of failing this one.
   * @default false
   */
  readonly gatedOnCapabilities?: boolean;
}

/** A Helm hook Argo CD runs as a sync hook (`post-install` becomes PostSync). */
export interface ChartHook {
  readonly phase: 'PreSync' | 'PostSync';
  readonly kind: string;
  readonly name: string;
}

export interface ChartInstalls {
  /** CRDs (`group/Kind`) the chart installs with these values. */
  readonly crds: readonly GroupKind[];
  /** Service accounts its pods run as; Pod Identity associations bind some of them. */
  readonly serviceAccounts: readonly { readonly namespace: string; readonly name: string }[];
  /** StorageClasses it creates (name, default or not, provisioner). */
  readonly storageClasses: readonly {
    readonly name: string;
    readonly isDefault: boolean;
    readonly provisioner: string;
  }[];
  readonly webhooks: readonly ChartWebhook[];
  /** Aggregated APIs it serves once running: `v1beta1.metrics.k8s.io`. */
  readonly apiServices: readonly string[];
  readonly customResources: readonly ChartCustomResource[];
  readonly volumeClaims: readonly ChartVolumeClaim[];
  readonly hooks: readonly ChartHook[];
  /**
   * Its pods tolerate the system pool's taint and select it: they run before any Karpenter node exists.
   * @default false
   */
  readonly runsOnSystemPool?: boolean;
}

/** The release a table describes: its namespace, name and the values Argo CD renders it with. */
export interface ChartRelease {
  readonly namespace: string;
  readonly releaseName: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** One chart's table: every CRD it can install, and what it installs for a release's values. */
export interface ChartInstallsTable {
  readonly chart: string;
  /** Every CRD the chart ships, whatever the values (checked against ../shared/charts/<chart>). */
  readonly allCrds: readonly GroupKind[];
  readonly installs: (release: ChartRelease) => ChartInstalls;
}

/** A table's `installs` with empty defaults, so each table lists only what its chart has. */
export function chartInstalls(partial: Partial<ChartInstalls>): ChartInstalls {
  return {
    crds: [],
    serviceAccounts: [],
    storageClasses: [],
    webhooks: [],
    apiServices: [],
    customResources: [],
    volumeClaims: [],
    hooks: [],
    ...partial,
  };
}

/** A value at a dotted path of Helm values, or undefined. */
export function valueAt(values: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Whether a boolean value is on, with the chart's default when the values leave it out. */
export function enabled(values: Readonly<Record<string, unknown>>, path: string, chartDefault: boolean): boolean {
  const value = valueAt(values, path);
  return typeof value === 'boolean' ? value : chartDefault;
}

/**
 * The service account most charts create: `serviceAccount.name`, else the release name (their fullname when the
 * release is named like the chart), none when `serviceAccount.create` is false.
 */
export function chartServiceAccount(release: ChartRelease): { namespace: string; name: string }[] {
  if (!enabled(release.values, 'serviceAccount.create', true)) return [];
  const name = valueAt(release.values, 'serviceAccount.name');
  return [{ namespace: release.namespace, name: typeof name === 'string' && name !== '' ? name : release.releaseName }];
}

/** A ServiceMonitor the chart renders when its values turn it on. */
export function serviceMonitor(
  release: ChartRelease,
  path: string,
  options: { readonly gatedOnCapabilities?: boolean } = {},
): ChartCustomResource[] {
  return enabled(release.values, path, false)
    ? [{ groupKind: 'monitoring.coreos.com/ServiceMonitor', name: release.releaseName, ...options }]
    : [];
}
