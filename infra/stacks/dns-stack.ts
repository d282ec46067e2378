import { Route53Zone } from '@cdktn/provider-aws/lib/route53-zone';
import { TerraformOutput, TerraformStack } from 'cdktn';
import { type Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { hostedZoneName } from '../../lib/naming';
import { infraSettings, type InfraSettings } from '../settings';
import { configureStack } from './stack-base';

export interface DnsStackProps {
  readonly cluster: ClusterDefinition;
  /** @default the settings of the cluster's environment (infra/settings.ts) */
  readonly settings?: InfraSettings;
}

/**
 * Phase 1 of a cluster: its public hosted zone and nothing else. Applied first; its `zone-name-servers`
 * output is delegated in the parent zone before phase 2 (the certificate validation waits on the delegation).
 */
export class DnsStack extends TerraformStack {
  readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, props: DnsStackProps) {
    super(scope, id);
    const { cluster } = props;
    configureStack(this, cluster, props.settings ?? infraSettings(cluster.environment), 'dns');
    const zoneName = hostedZoneName(cluster);
    this.zone = new Route53Zone(this, 'zone', {
      name: zoneName,
      comment: `Public zone of ${zoneName}; managed by infra/ (CDK Terrain)`,
      // The zone's name servers are delegated by hand: recreating it would break the delegation.
      lifecycle: { preventDestroy: true },
    });
    new TerraformOutput(this, 'zone-name', { value: zoneName });
    new TerraformOutput(this, 'zone-name-servers', { value: this.zone.nameServers });
  }
}
