import { Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { type IngressSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { HelmApplication } from '../shared/helm-application';
import { awsLoadBalancerControllerValues } from './aws-load-balancer-controller-values';
import { AWS_LOAD_BALANCER_CONTROLLER_CHART, EXTERNAL_DNS_CHART } from './charts';
import { externalDnsValues } from './external-dns-values';

export interface IngressStackProps {
  readonly cluster: AwsClusterDefinition;
  readonly settings: IngressSettings;
}

/** The AWS Load Balancer Controller (Ingress class `alb`) and external-dns for the cluster's Route53 zone. */
export class IngressStack extends Construct {
  constructor(scope: Construct, id: string, props: IngressStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const monitoring = cluster.platform?.monitoring !== undefined;
    const controller = platformServiceAccount('aws-load-balancer-controller');
    new HelmApplication(this, 'aws-load-balancer-controller', {
      component: PlatformComponent.INGRESS,
      pin: AWS_LOAD_BALANCER_CONTROLLER_CHART,
      platform: cluster.platform,
      releaseName: 'aws-load-balancer-controller',
      namespace: controller.namespace,
      values: { ...awsLoadBalancerControllerValues(cluster, settings, controller, monitoring) },
    });
    const dns = platformServiceAccount('external-dns');
    new HelmApplication(this, 'external-dns', {
      component: PlatformComponent.INGRESS,
      pin: EXTERNAL_DNS_CHART,
      platform: cluster.platform,
      releaseName: 'external-dns',
      namespace: dns.namespace,
      values: { ...externalDnsValues(cluster, dns, monitoring) },
    });
  }
}
