import { Construct } from 'constructs';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp, ResolvedDelivery } from '../model/resolved-app';
import { SloAnalysisTemplate, sloAnalysisRef } from '../../platform/rollouts/slo-analysis';
import { objectNames } from './object-names';
import { AppRollout, type CanaryStep } from './rollout';
import { SmokeAnalysisTemplate, smokeAnalysisRef } from './smoke';

export interface AppDeliveryProps {
  readonly app: ResolvedApp;
  readonly delivery: ResolvedDelivery;
  readonly cluster: ClusterDefinition;
}

/**
 * A canary or blue-green app's workload: the Rollout and the analysis it runs. The SLO analysis needs the app's
 * SLO and the cluster's Prometheus (without them the series it reads would not exist, and every measurement
 * would be inconclusive); a canary without pauses has no window to judge, so it gets none either.
 */
export class AppDelivery extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: AppDeliveryProps,
  ) {
    super(scope, id);
    const { app, delivery, cluster } = props;
    const measured = app.slo !== undefined && cluster.platform?.monitoring !== undefined;
    if (delivery.strategy === 'canary') {
      const analysed = measured && delivery.pauseMinutes > 0;
      if (analysed) new SloAnalysisTemplate(this, 'slo-analysis', { app, windowMinutes: delivery.pauseMinutes });
      const weights: CanaryStep[] = delivery.steps
        .filter((weight) => weight < 100)
        .flatMap((weight) => [
          { setWeight: weight },
          ...(delivery.pauseMinutes === 0 ? [] : [{ pause: { duration: `${delivery.pauseMinutes}m` } }]),
          // Judges the traffic of the pause just before it; a failure aborts, so the next weight never comes.
          ...(analysed ? [{ analysis: sloAnalysisRef(app) }] : []),
        ]);
      new AppRollout(this, 'rollout', { app, delivery, canarySteps: this.smokeFirst(weights) });
      return;
    }
    const minutes = DEFAULTS.blueGreenAnalysisMinutes;
    if (measured)
      new SloAnalysisTemplate(this, 'slo-analysis', { app, windowMinutes: minutes, initialDelayMinutes: minutes });
    if (app.smoke !== undefined) {
      new SmokeAnalysisTemplate(this, 'smoke', { app, smoke: app.smoke, service: objectNames.preview(app) });
    }
    new AppRollout(this, 'rollout', {
      app,
      delivery,
      ...(app.smoke === undefined ? {} : { prePromotionAnalysis: smokeAnalysisRef(app) }),
      ...(measured ? { postPromotionAnalysis: sloAnalysisRef(app) } : {}),
    });
  }

  /**
   * The canary's smoke test comes first. Behind the ALB, one canary pod starts with no public traffic (weight 0),
   * the test calls it through the canary Service, and only then do the weights begin; without traffic routing
   * (no public host) it runs once the first weight's pods are up.
   */
  private smokeFirst(weights: readonly CanaryStep[]): CanaryStep[] {
    const { app } = this.props;
    if (app.smoke === undefined) return [...weights];
    new SmokeAnalysisTemplate(this, 'smoke', { app, smoke: app.smoke, service: objectNames.canaryService(app) });
    const smoke = { analysis: smokeAnalysisRef(app) };
    if (app.ingress === undefined) return [weights[0]!, smoke, ...weights.slice(1)];
    return [{ setCanaryScale: { replicas: 1 } }, smoke, { setCanaryScale: { matchTrafficWeight: true } }, ...weights];
  }
}
