/** Argo CD conventions shared by every platform component. */

/** Namespace Argo CD runs in; Applications live here. */
export const ARGOCD_NAMESPACE = 'argocd';

/** Argo CD project of every platform Application (created by the Argo CD wiring). */
export const PLATFORM_PROJECT = 'platform';

/** The cluster Argo CD runs in: every cluster manages itself. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Sync wave of a platform chart's Application inside its component folder: before the folder's custom resources. */
export const HELM_APPLICATION_SYNC_WAVE = -1;

/**
 * Sync wave of an ExternalSecret whose Secret a platform chart mounts (Alertmanager receivers, Grafana admin):
 * before the chart's Application, which is only healthy once its pods start, and they need the Secret.
 */
export const PLATFORM_SECRET_SYNC_WAVE = HELM_APPLICATION_SYNC_WAVE - 1;

/**
 * Annotations of a custom resource whose CRD is installed by a chart in the same sync: the dry run skips it
 * while the CRD is missing and Argo CD's retry applies it once the CRD exists.
 */
export const CUSTOM_RESOURCE_ANNOTATIONS: Readonly<Record<string, string>> = {
  [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true',
};
