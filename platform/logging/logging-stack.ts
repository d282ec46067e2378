import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { type LoggingSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { HelmApplication } from '../shared/helm-application';
import { alloyValues } from './alloy-values';
import { ALLOY_CHART, LOKI_CHART } from './charts';
import { LOKI_RELEASE, lokiValues } from './loki-values';

/** Namespace of the Alloy DaemonSet. */
export const ALLOY_NAMESPACE = 'alloy';

export interface LoggingStackProps {
  readonly cluster: AwsClusterDefinition;
  readonly settings: LoggingSettings;
}

/** Loki (logs on S3) and Grafana Alloy shipping every pod's logs to it. */
export class LoggingStack extends Construct {
  constructor(scope: Construct, id: string, props: LoggingStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const monitoring = cluster.platform?.monitoring !== undefined;
    const loki = platformServiceAccount('loki');
    new HelmApplication(this, 'loki', {
      component: PlatformComponent.LOGGING,
      pin: LOKI_CHART,
      platform: cluster.platform,
      releaseName: LOKI_RELEASE,
      namespace: loki.namespace,
      values: { ...lokiValues(cluster, settings, loki, monitoring) },
    });
    new HelmApplication(this, 'alloy', {
      component: PlatformComponent.LOGGING,
      pin: ALLOY_CHART,
      platform: cluster.platform,
      releaseName: 'alloy',
      namespace: ALLOY_NAMESPACE,
      values: { ...alloyValues(cluster, settings, monitoring) },
    });
  }
}
