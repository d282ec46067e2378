import { Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent, type RolloutsSettings } from '../../lib/model/platform-settings';
import { HelmApplication } from '../shared/helm-application';
import { ARGO_ROLLOUTS_CHART } from './charts';
import { ARGO_ROLLOUTS_NAMESPACE, ARGO_ROLLOUTS_RELEASE, argoRolloutsValues } from './values';

export interface RolloutsStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: RolloutsSettings;
}

/**
 * The Argo Rollouts controller and its CRDs (Rollout, AnalysisTemplate, AnalysisRun, Experiment). Apps with a
 * canary or blue-green `delivery` render their Rollouts and AnalysisTemplates in their own folders; Argo CD
 * reads a Rollout's health (Progressing, Paused, Degraded) with its built-in health check.
 */
export class RolloutsStack extends Construct {
  constructor(scope: Construct, id: string, props: RolloutsStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    new HelmApplication(this, 'argo-rollouts', {
      component: PlatformComponent.ROLLOUTS,
      pin: ARGO_ROLLOUTS_CHART,
      platform: cluster.platform,
      releaseName: ARGO_ROLLOUTS_RELEASE,
      namespace: ARGO_ROLLOUTS_NAMESPACE,
      values: { ...argoRolloutsValues(settings, cluster.platform?.monitoring !== undefined) },
      // The Rollout CRD (its pod template schema) is far above client-side apply's annotation limit.
      serverSideApply: true,
    });
  }
}
