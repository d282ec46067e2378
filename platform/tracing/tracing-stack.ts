import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent, type TracingSettings } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { HelmApplication } from '../shared/helm-application';
import { TEMPO_CHART } from './charts';
import { TEMPO_RELEASE } from './endpoints';
import { tempoValues } from './tempo-values';

export interface TracingStackProps {
  readonly cluster: AwsClusterDefinition;
  readonly settings: TracingSettings;
}

/** Tempo, keeping traces on S3. The OTLP receiver apps talk to is Alloy's (platform/logging/alloy-config.ts). */
export class TracingStack extends Construct {
  constructor(scope: Construct, id: string, props: TracingStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const account = platformServiceAccount('tempo');
    const monitoring = cluster.platform?.monitoring;
    new HelmApplication(this, 'tempo', {
      component: PlatformComponent.TRACING,
      pin: TEMPO_CHART,
      platform: cluster.platform,
      releaseName: TEMPO_RELEASE,
      namespace: account.namespace,
      values: {
        ...tempoValues(cluster, settings, account, monitoring?.storageClassName, monitoring !== undefined),
      },
    });
  }
}
