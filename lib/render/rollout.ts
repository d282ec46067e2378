import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp, ResolvedDelivery } from '../model/resolved-app';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../../platform/shared/argocd';
import { selectorLabels, workloadLabels } from './labels';
import { objectNames } from './object-names';
import { podTemplate } from './pod-template';

/** The API version of Argo Rollouts' kinds (Rollout, AnalysisTemplate), as the chart's CRDs serve them. */
export const ROLLOUTS_API_VERSION = 'argoproj.io/v1alpha1';
/** The pod label Argo Rollouts puts on each revision's pods (a Deployment's is `pod-template-hash`). */
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';
/**
 * The pod label that says which side of a rollout a pod is on (`stable`/`canary`, `active`/`preview`): the
 * Rollout's ephemeral metadata sets it, Prometheus copies it to `rollout_role` so alerts and dashboards can tell
 * the sides apart. Also on the extra Services, which the app's ServiceMonitor leaves out (no double scrapes).
 */
export const ROLLOUT_ROLE_LABEL = 'rollout-role';

/** What the canary steps between the weights do; the analysis steps are added by the analysis module. */
export type CanaryStep = Readonly<Record<string, unknown>>;

export interface AppRolloutProps {
  readonly app: ResolvedApp;
  readonly delivery: ResolvedDelivery;
  /** The canary's steps (setWeight, pause, analysis), in order (lib/render/app-delivery.ts). @default none */
  readonly canarySteps?: readonly CanaryStep[];
  /** Blue-green: the analysis before the switch (the smoke test) and after it (the SLO), as the Rollout names them. */
  readonly prePromotionAnalysis?: Readonly<Record<string, unknown>>;
  readonly postPromotionAnalysis?: Readonly<Record<string, unknown>>;
}

/**
 * The app's workload when it has a canary or blue-green delivery: an Argo Rollout with its own pod template.
 *
 * Why not a `workloadRef` to the Deployment: with a workloadRef the Deployment stays in git but Argo Rollouts
 * scales it to zero behind Argo CD's back, so either Argo CD's self-heal fights the controller over
 * `spec.replicas` or git says `replicas: 0` while the pods run elsewhere; switching back to a rolling update
 * then leaves a Deployment at zero replicas (which an HPA never scales up from). A Rollout with its own template
 * is one object that owns the pods and the replica count, renders the very same pod template (`podTemplate`:
 * restricted security context, ConfigMap checksum, probes) and is strictly validated against the Rollout CRD's
 * schema, whose template is the full PodTemplateSpec. Switching strategies replaces one object by the other;
 * Argo CD prunes the old one only after the new one is healthy (PruneLast on every app Application).
 */
export class AppRollout extends Construct {
  constructor(scope: Construct, id: string, props: AppRolloutProps) {
    super(scope, id);
    const { app, delivery } = props;
    new ApiObject(this, 'rollout', {
      apiVersion: ROLLOUTS_API_VERSION,
      kind: 'Rollout',
      metadata: {
        name: objectNames.workload(app),
        namespace: app.name,
        labels: workloadLabels(app),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        ...(app.replicas === undefined ? {} : { replicas: app.replicas }),
        revisionHistoryLimit: DEFAULTS.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(app) },
        template: k8s.toJson_PodTemplateSpec(podTemplate(app, { hashLabel: ROLLOUT_HASH_LABEL })),
        // A version whose pods never become ready is rolled back, not left half-deployed.
        progressDeadlineSeconds: DEFAULTS.rolloutProgressDeadlineSeconds,
        progressDeadlineAbort: true,
        strategy:
          delivery.strategy === 'canary'
            ? { canary: canaryStrategy(app, props.canarySteps ?? []) }
            : { blueGreen: blueGreenStrategy(app, props) },
      },
    });
  }
}

function canaryStrategy(app: ResolvedApp, steps: readonly CanaryStep[]): Record<string, unknown> {
  return {
    stableService: objectNames.stableService(app),
    canaryService: objectNames.canaryService(app),
    stableMetadata: { labels: { [ROLLOUT_ROLE_LABEL]: 'stable' } },
    canaryMetadata: { labels: { [ROLLOUT_ROLE_LABEL]: 'canary' } },
    // Public apps: the ALB splits traffic by target group weight, exactly the step's share. Others: the share
    // of canary pods approximates it.
    ...(app.ingress === undefined
      ? { maxSurge: '25%', maxUnavailable: 0 }
      : {
          trafficRouting: {
            alb: { ingress: objectNames.workload(app), servicePort: app.ports[0]!.port },
          },
        }),
    steps: steps.map((step) => ({ ...step })),
  };
}

function blueGreenStrategy(app: ResolvedApp, props: AppRolloutProps): Record<string, unknown> {
  return {
    // The app's own Service is the active one: in-cluster clients and the Ingress only ever reach it.
    activeService: objectNames.workload(app),
    previewService: objectNames.preview(app),
    activeMetadata: { labels: { [ROLLOUT_ROLE_LABEL]: 'active' } },
    previewMetadata: { labels: { [ROLLOUT_ROLE_LABEL]: 'preview' } },
    // The switch happens on its own once the preview passes its pre-promotion analysis (the smoke test).
    autoPromotionEnabled: true,
    // The old version stays up long enough for the post-promotion analysis to switch back to it.
    scaleDownDelaySeconds: DEFAULTS.blueGreenScaleDownDelaySeconds,
    ...(props.prePromotionAnalysis === undefined ? {} : { prePromotionAnalysis: { ...props.prePromotionAnalysis } }),
    ...(props.postPromotionAnalysis === undefined ? {} : { postPromotionAnalysis: { ...props.postPromotionAnalysis } }),
  };
}
