import { ARGOCD_DEFAULTS } from './defaults';
import type { ResolvedSyncWindow } from './settings';

/** A plain Kubernetes object, as it is written to generated/. */
export type KubeObject = Record<string, unknown> & { readonly apiVersion: string; readonly kind: string };

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
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
      annotations: { ...props.annotations, [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
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
