import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { ROLLOUTS_API_VERSION } from '../../lib/render/rollout';
import { ROLLOUT_SERIES_LABELS } from '../monitoring/app-monitor';
import { formatNumber } from '../monitoring/selectors';
import { BURN_RATE_ALERTS, burnRate, errorBudget, type Objective, objectives } from '../monitoring/slo';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';

/** Where the analysis queries Prometheus: the Service the Prometheus Operator keeps for every Prometheus. */
export const PROMETHEUS_URL = `http://prometheus-operated.${DEFAULTS.monitoringNamespace}.svc.cluster.local:9090`;
/** The analysis argument that names the revision under test (its `rollouts-pod-template-hash`). */
export const REVISION_ARG = 'revision';
/** What the query returns when the window holds too few requests to judge: neither condition matches it. */
export const TOO_FEW_REQUESTS = -1;

/** An analysis metric: one SLO objective of the revision under test. */
export interface SloAnalysisMetric {
  readonly name: string;
  readonly query: string;
  /** Highest error ratio that passes: the fastest paging burn rate times the error budget. */
  readonly maxErrorRatio: number;
}

/** The AnalysisTemplate of an app's SLO analysis. */
export function sloAnalysisName(app: ResolvedApp): string {
  return `${app.name}-slo`;
}

/**
 * The metrics of an app's SLO analysis over `windowMinutes`: per objective (availability, latency) the SLO's own
 * error ratio query (platform/monitoring/slo.ts), narrowed to the revision's pods, guarded by the number of
 * requests. With fewer than `DEFAULTS.analysisMinRequests` requests in the window the query returns
 * TOO_FEW_REQUESTS, which neither passes nor fails: the measurement is inconclusive and the rollout waits for a
 * person (an idle canary is never promoted or rolled back by accident). Above the threshold, the revision burns
 * its error budget as fast as the fastest page (14.4x over a 30-day window): it fails and the rollout aborts.
 */
export function sloAnalysisMetrics(app: ResolvedApp, windowMinutes: number): SloAnalysisMetric[] {
  if (app.slo === undefined) return [];
  const revision = `${ROLLOUT_SERIES_LABELS.hash}="{{args.${REVISION_ARG}}}"`;
  const window = `${windowMinutes}m`;
  return objectives(app, app.slo, revision).map((objective: Objective) => ({
    name: `${objective.kind}-error-ratio`,
    query:
      `(\n  (${objective.errorRatio(window)})\n  and on()\n  (${objective.events(window)} >= ${DEFAULTS.analysisMinRequests})\n)\n` +
      `or on() vector(${TOO_FEW_REQUESTS})`,
    maxErrorRatio: Number(
      (burnRate(BURN_RATE_ALERTS[0]!, objective.windowDays) * errorBudget(objective.percent)).toPrecision(10),
    ),
  }));
}

export interface SloAnalysisTemplateProps {
  readonly app: ResolvedApp;
  /** Minutes of traffic each measurement judges (the canary's pause, or blue-green's wait after the switch). */
  readonly windowMinutes: number;
  /** Wait this long before measuring (blue-green: traffic reaches the new version only at the switch). @default 0 */
  readonly initialDelayMinutes?: number;
}

/**
 * The app's SLO analysis: one measurement per objective at the end of the window; a failure aborts the rollout
 * (Argo Rollouts sends the traffic back to the stable version and scales the new one down), an inconclusive one
 * pauses it. Renders nothing for an app without an SLO.
 */
export class SloAnalysisTemplate extends Construct {
  constructor(scope: Construct, id: string, props: SloAnalysisTemplateProps) {
    super(scope, id);
    const { app, windowMinutes } = props;
    const metrics = sloAnalysisMetrics(app, windowMinutes);
    if (metrics.length === 0) return;
    new ApiObject(this, 'template', {
      apiVersion: ROLLOUTS_API_VERSION,
      kind: 'AnalysisTemplate',
      metadata: {
        name: sloAnalysisName(app),
        namespace: app.name,
        labels: appLabels(app),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        args: [{ name: REVISION_ARG }],
        metrics: metrics.map((metric) => ({
          name: metric.name,
          ...(props.initialDelayMinutes === undefined || props.initialDelayMinutes === 0
            ? {}
            : { initialDelay: `${props.initialDelayMinutes}m` }),
          count: 1,
          failureLimit: 0,
          inconclusiveLimit: 0,
          // A Prometheus that cannot be reached twice in a row is an error (the rollout aborts), not a pass.
          consecutiveErrorLimit: 2,
          successCondition: `result[0] >= 0 && result[0] <= ${formatNumber(metric.maxErrorRatio)}`,
          failureCondition: `result[0] > ${formatNumber(metric.maxErrorRatio)}`,
          provider: { prometheus: { address: PROMETHEUS_URL, query: metric.query } },
        })),
      },
    });
  }
}

/** The Rollout's reference to the SLO analysis, for the revision under test (the newest one). */
export function sloAnalysisRef(app: ResolvedApp): Record<string, unknown> {
  return {
    templates: [{ templateName: sloAnalysisName(app) }],
    args: [{ name: REVISION_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
  };
}
