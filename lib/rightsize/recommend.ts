import type { ResolvedApp } from '../model/resolved-app';

/** What Prometheus observed for an app over the window: its busiest pod's p95 CPU and memory, and peak memory. */
export interface ObservedUsage {
  readonly cpuP95Cores?: number;
  readonly memoryP95Bytes?: number;
  readonly memoryPeakBytes?: number;
}

/** Requests sit this much above the p95, so an ordinary busy hour does not throttle or evict. */
export const REQUEST_HEADROOM = 1.2;
/** The memory limit sits this much above the peak: memory is not compressible, a pod at its limit is killed. */
export const LIMIT_HEADROOM = 1.3;
/** A request more than this many times the recommendation is worth lowering (below, the saving is noise). */
export const OVER_PROVISIONED_FACTOR = 1.5;
const CPU_STEP_MILLI = 10;
const MEMORY_STEP_MI = 16;
const MI = 2 ** 20;

export type Verdict = 'raise' | 'lower' | 'keep' | 'no data';

/** One resource of an app: what the spec renders, what was observed, what to set. */
export interface ResourceAdvice {
  readonly current: number;
  readonly observed?: number;
  readonly recommended?: number;
  readonly verdict: Verdict;
}

export interface AppAdvice {
  readonly app: string;
  readonly team: string;
  /** millicores */
  readonly cpuRequest: ResourceAdvice;
  /** MiB */
  readonly memoryRequest: ResourceAdvice;
  /** MiB */
  readonly memoryLimit: ResourceAdvice;
}

const roundUp = (value: number, step: number): number => Math.max(step, Math.ceil(value / step) * step);

/** A request's verdict: raise below the recommendation, lower well above it, keep in between. */
function requestAdvice(current: number, observed: number | undefined, step: number): ResourceAdvice {
  if (observed === undefined) return { current, verdict: 'no data' };
  const recommended = roundUp(observed * REQUEST_HEADROOM, step);
  const verdict = current < recommended ? 'raise' : current > recommended * OVER_PROVISIONED_FACTOR ? 'lower' : 'keep';
  return { current, observed, recommended, verdict };
}

/**
 * Recommendations for one app from its rendered resources (the spec with the cluster's overrides and defaults)
 * and what its busiest pod used: CPU and memory requests at REQUEST_HEADROOM over the p95, the memory limit at
 * LIMIT_HEADROOM over the peak and never below the recommended request. Memory limits are only raised: a limit
 * well above the peak costs nothing while the request is right.
 */
export function adviseApp(app: ResolvedApp, observed: ObservedUsage): AppAdvice {
  const { resources } = app;
  const cpuRequest = requestAdvice(
    resources.cpuRequestMilli,
    observed.cpuP95Cores === undefined ? undefined : observed.cpuP95Cores * 1000,
    CPU_STEP_MILLI,
  );
  const memoryRequest = requestAdvice(
    resources.memoryRequestMi,
    observed.memoryP95Bytes === undefined ? undefined : observed.memoryP95Bytes / MI,
    MEMORY_STEP_MI,
  );
  let memoryLimit: ResourceAdvice = { current: resources.memoryLimitMi, verdict: 'no data' };
  if (observed.memoryPeakBytes !== undefined) {
    const peakMi = observed.memoryPeakBytes / MI;
    const recommended = Math.max(roundUp(peakMi * LIMIT_HEADROOM, MEMORY_STEP_MI), memoryRequest.recommended ?? 0);
    memoryLimit = {
      current: resources.memoryLimitMi,
      observed: peakMi,
      recommended: Math.max(recommended, resources.memoryLimitMi),
      verdict: resources.memoryLimitMi < recommended ? 'raise' : 'keep',
    };
  }
  return { app: app.name, team: app.team, cpuRequest, memoryRequest, memoryLimit };
}
