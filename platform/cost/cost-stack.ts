import { Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { type CostSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { HelmApplication } from '../shared/helm-application';
import { PLATFORM_TEAM } from '../shared/labels';
import { podSecurityLabels } from '../../lib/render/labels';
import { OPENCOST_CHART } from './charts';
import { openCostValues } from './opencost-values';

/** Namespace of OpenCost. */
export const OPENCOST_NAMESPACE = 'opencost';

export interface CostStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: CostSettings;
}

/**
 * OpenCost in its own namespace, which enforces the Pod Security Standard "restricted" and carries the cost
 * allocation labels (`team`, `environment`) so the platform's own spend is attributed like an app's.
 */
export class CostStack extends Construct {
  constructor(scope: Construct, id: string, props: CostStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    new HelmApplication(this, 'chart', {
      component: PlatformComponent.COST,
      pin: OPENCOST_CHART,
      platform: cluster.platform,
      releaseName: 'opencost',
      namespace: OPENCOST_NAMESPACE,
      values: { ...openCostValues(cluster, settings) },
      namespaceLabels: {
        ...podSecurityLabels(cluster.kubernetesVersion),
        team: PLATFORM_TEAM,
        environment: cluster.environment,
      },
    });
  }
}
