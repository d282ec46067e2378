import type { ResolvedArgoCdSettings } from './settings';

/** Argo CD sync options this generator uses; each is set only where it is needed. */
export enum SyncOption {
  /** Large CRDs exceed the 256 KiB last-applied annotation of client-side apply. */
  SERVER_SIDE_APPLY = 'ServerSideApply=true',
  /** The unit does not render its own Namespace. */
  CREATE_NAMESPACE = 'CreateNamespace=true',
  /** Fields in ignoreDifferences (HPA-owned replicas) are also left alone when syncing. */
  RESPECT_IGNORE_DIFFERENCES = 'RespectIgnoreDifferences=true',
  /**
   * Prune only after everything else is applied and healthy: switching an app between a Deployment and a Rollout
   * (either way) removes the old workload once the new one serves, never before. On every app Application.
   */
  PRUNE_LAST = 'PruneLast=true',
}

/** The `spec.syncPolicy` of an Application: automated from the cluster's settings, with retry and backoff. */
export function syncPolicy(settings: ResolvedArgoCdSettings, options: readonly SyncOption[]): Record<string, unknown> {
  return {
    automated: { prune: settings.autoSyncPrune, selfHeal: settings.autoSyncSelfHeal },
    ...(settings.syncRetryLimit === 0
      ? {}
      : {
          retry: {
            limit: settings.syncRetryLimit,
            backoff: {
              duration: settings.syncRetryBackoffDuration,
              factor: settings.syncRetryBackoffFactor,
              maxDuration: settings.syncRetryBackoffMaxDuration,
            },
          },
        }),
    ...(options.length === 0 ? {} : { syncOptions: [...options].sort() }),
  };
}
