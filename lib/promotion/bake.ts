import { CommitStatusState } from '../argocd/notifications';
import type { CommitStatus } from './commit-statuses';

/** Why a unit passes or fails the gate. */
export enum BakeVerdict {
  /** Synced and Healthy, without a failure since, for at least the bake time. */
  BAKED = 'baked',
  /** Synced and Healthy now, but not for long enough yet. */
  BAKING = 'baking',
  /** Its latest status is a failure (Degraded). */
  DEGRADED = 'degraded',
  /** Its latest status is an error (the sync failed). */
  SYNC_FAILED = 'sync-failed',
  /** Its latest status is pending. */
  PENDING = 'pending',
  /** Argo CD never posted a status for it on this commit. */
  NEVER_REPORTED = 'never-reported',
}

/** The gate's finding for one Application of the source cluster. */
export interface BakeResult {
  readonly application: string;
  readonly context: string;
  readonly verdict: BakeVerdict;
  /** Since when it has been Synced and Healthy without a failure (BAKED, BAKING). */
  readonly healthySince?: Date;
  /** Whole minutes since then. */
  readonly healthyMinutes?: number;
  /** When the latest status was posted (every verdict but NEVER_REPORTED). */
  readonly lastReported?: Date;
}

const VERDICT_OF_STATE: Readonly<Record<CommitStatusState, BakeVerdict>> = {
  [CommitStatusState.SUCCESS]: BakeVerdict.BAKED,
  [CommitStatusState.FAILURE]: BakeVerdict.DEGRADED,
  [CommitStatusState.ERROR]: BakeVerdict.SYNC_FAILED,
  [CommitStatusState.PENDING]: BakeVerdict.PENDING,
};

/**
 * Whether one context has been `success` continuously for `bakeMinutes` at `now`: its latest status is a
 * success, and the run of successes it ends began at least that long ago. A failure in between restarts the
 * clock; a status posted after `now` does not count yet.
 */
export function bakeResult(
  application: string,
  context: string,
  statuses: readonly CommitStatus[],
  now: Date,
  bakeMinutes: number,
): BakeResult {
  const own = statuses
    .filter((status) => status.context === context && status.createdAt.getTime() <= now.getTime())
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const latest = own.at(-1);
  if (latest === undefined) return { application, context, verdict: BakeVerdict.NEVER_REPORTED };
  if (latest.state !== CommitStatusState.SUCCESS) {
    return { application, context, verdict: VERDICT_OF_STATE[latest.state], lastReported: latest.createdAt };
  }
  let start = own.length - 1;
  while (start > 0 && own[start - 1]!.state === CommitStatusState.SUCCESS) start--;
  const healthySince = own[start]!.createdAt;
  const healthyMinutes = Math.floor((now.getTime() - healthySince.getTime()) / 60_000);
  return {
    application,
    context,
    verdict: healthyMinutes >= bakeMinutes ? BakeVerdict.BAKED : BakeVerdict.BAKING,
    healthySince,
    healthyMinutes,
    lastReported: latest.createdAt,
  };
}
