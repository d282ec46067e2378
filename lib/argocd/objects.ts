import { ARGOCD_DEFAULTS } from './defaults';
import type { ResolvedSyncWindow } from './settings';

/** A plain Kubernetes object, as it is written to generated/. */
export type KubeObject = Record<string, unknown> & { readonly apiVersion: string; readonly kind: string };

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/**
 * An Application with this annotation counts as Healthy for its parent's sync waves whatever its own health
 * (lib/argocd/chart-values.ts): an optional unit that waits for a person never holds up the root.
 */
export const OPTIONAL_ANNOTATION = 'platform.acme.io/optional';
/** Deleting an Application with this finalizer deletes what it deployed (cascade). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export interface ApplicationProps {
  readonly name: string;
  readonly project: string;
  readonly destinationNamespace: string;
  readonly syncWave: number;
  readonly labels: Readonly<Record<string, string>>;
  /** A Git folder (`repoUrl` + `path`) or a Helm chart (`chart`). */
  readonly source: Readonly<Record<string, unknown>>;
  readonly syncPolicy: Readonly<Record<string, unknown>>;
  /** @default none */
  readonly ignoreDifferences?: readonly Readonly<Record<string, unknown>>[];
  /** @default false; see OPTIONAL_ANNOTATION */
  readonly optional?: boolean;
  /** Delete the Application's resources when the Application is deleted. */
  readonly cascadeDelete: boolean;
  /** More annotations (notification subscriptions). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An Argo CD Application in the argocd namespace, deploying into the cluster it runs in. */
export function applicationObject(props: ApplicationProps): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: props.name,
      namespace: ARGOCD_DEFAULTS.namespace,
      labels: { 'app.kubernetes.io/name': props.name, ...props.labels },
      annotations: {
        ...props.annotations,
        [SYNC_WAVE_ANNOTATION]: String(props.syncWave),
        ...(props.optional === true ? { [OPTIONAL_ANNOTATION]: 'true' } : {}),
      },
      ...(props.cascadeDelete ? { finalizers: [RESOURCES_FINALIZER] } : {}),
    },
    spec: {
      project: props.project,
      source: { ...props.source },
      destination: { server: ARGOCD_DEFAULTS.destinationServer, namespace: props.destinationNamespace },
      syncPolicy: props.syncPolicy,
      ...(props.ignoreDifferences === undefined || props.ignoreDifferences.length === 0
        ? {}
        : { ignoreDifferences: props.ignoreDifferences.map((entry) => ({ ...entry })) }),
    },
  };
}

/** A kind of resource an AppProject allows; `name` (cluster-scoped only) narrows it to one object. */
export interface ResourceRule {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
}

export interface AppProjectProps {
  readonly name: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly sourceRepos: readonly string[];
  /** Namespaces of the in-cluster destination the project's Applications may deploy into. */
  readonly destinationNamespaces: readonly string[];
  /** Cluster-scoped resources allowed; empty means none. */
  readonly clusterResources: readonly ResourceRule[];
  /** Namespaced resources allowed. @default every namespaced kind */
  readonly namespaceResources?: readonly ResourceRule[];
  readonly syncWindows: readonly ResolvedSyncWindow[];
  /** Namespaced kinds refused even where `namespaceResources` allows every kind. @default none */
  readonly namespaceResourceBlacklist?: readonly ResourceRule[];
  /** Project roles: SSO groups and the Argo CD policies they get inside this project. @default none */
  readonly roles?: readonly ProjectRole[];
}

/** A role of an AppProject (`spec.roles`): its policies may only name the project's own objects. */
export interface ProjectRole {
  readonly name: string;
  readonly description: string;
  readonly groups: readonly string[];
  /** Casbin lines `p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, allow`. */
  readonly policies: readonly string[];
}

/** An Argo CD AppProject: which repositories, namespaces and kinds its Applications may use, and when they sync. */
export function appProjectObject(props: AppProjectProps): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: props.name,
      namespace: ARGOCD_DEFAULTS.namespace,
      labels: { 'app.kubernetes.io/name': props.name, ...props.labels },
      annotations: { [SYNC_WAVE_ANNOTATION]: String(ARGOCD_DEFAULTS.projectSyncWave) },
    },
    spec: {
      description: props.description,
      sourceRepos: [...new Set(props.sourceRepos)].sort(),
      destinations: [...new Set(props.destinationNamespaces)]
        .sort()
        .map((namespace) => ({ server: ARGOCD_DEFAULTS.destinationServer, namespace })),
      clusterResourceWhitelist: props.clusterResources.map((rule) => ({ ...rule })),
      ...(props.namespaceResources === undefined
        ? {}
        : { namespaceResourceWhitelist: props.namespaceResources.map((rule) => ({ ...rule })) }),
      ...(props.namespaceResourceBlacklist === undefined
        ? {}
        : { namespaceResourceBlacklist: props.namespaceResourceBlacklist.map((rule) => ({ ...rule })) }),
      ...(props.roles === undefined || props.roles.length === 0
        ? {}
        : {
            roles: props.roles.map((role) => ({
              name: role.name,
              description: role.description,
              groups: [...role.groups],
              policies: [...role.policies],
            })),
          }),
      ...(props.syncWindows.length === 0
        ? {}
        : {
            syncWindows: props.syncWindows.map((window) => ({
              kind: window.kind,
              schedule: window.schedule,
              duration: window.duration,
              timeZone: window.timeZone,
              manualSync: window.manualSync,
              applications: ['*'],
              ...(window.description === undefined ? {} : { description: window.description }),
            })),
          }),
    },
  };
}
