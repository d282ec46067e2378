import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { KARPENTER_SERVICE_ACCOUNT } from '../../lib/naming';
import { HelmApplication } from '../shared/helm-application';
import { KARPENTER_CHART } from './charts';
import { KarpenterNodes } from './node-pools';
import { karpenterValues } from './values';

export interface KarpenterStackProps {
  readonly cluster: AwsClusterDefinition;
}

/** Karpenter's controller (chart, on the system pool) and the EC2NodeClass and NodePools it launches nodes for. */
export class KarpenterStack extends Construct {
  constructor(scope: Construct, id: string, props: KarpenterStackProps) {
    super(scope, id);
    const { cluster } = props;
    new HelmApplication(this, 'chart', {
      component: PlatformComponent.KARPENTER,
      pin: KARPENTER_CHART,
      platform: cluster.platform,
      releaseName: 'karpenter',
      namespace: KARPENTER_SERVICE_ACCOUNT.namespace,
      values: { ...karpenterValues(cluster) },
      serverSideApply: true,
    });
    new KarpenterNodes(this, 'nodes', { cluster });
  }
}
