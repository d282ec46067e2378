import { Route53Zone } from '@cdktn/provider-aws/lib/route53-zone';
import { TerraformOutput, TerraformStack } from 'cdktn';
import { type Construct } from 'constructs';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { dnsZoneNames, hostedZoneName } from '../../lib/naming';
import { infraSettings, type InfraSettings } from '../settings';
import { configureStack } from './stack-base';

export interface DnsStackProps {
  readonly cluster: AwsClusterDefinition;
  /** @default the settings of the cluster's environment (infra/settings.ts) */
  readonly settings?: InfraSettings;
}

/**
 * Phase 1 of a cluster: its public hosted zone and nothing else. Applied first; its `zone-name-servers`
 * output is delegated in the parent zone before phase 2 (the certificate validation waits on the delegation).
 */
export class DnsStack extends TerraformStack {
  readonly zone: Route53Zone;
  /** One per `ingress.extraZones` entry, in code-point order. */
  readonly extraZones: readonly Route53Zone[];

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
    // Zones of ingress.extraZones: delegated like the base zone, checked by infra.yml the same way.
    const extra = dnsZoneNames(cluster).slice(1);
    this.extraZones = extra.map(
      (name) =>
        new Route53Zone(this, `zone-${name}`, {
          name,
          comment: `Public zone of ${name} (ingress.extraZones of ${cluster.name}); managed by infra/ (CDK Terrain)`,
          lifecycle: { preventDestroy: true },
        }),
    );
    if (extra.length > 0) {
      new TerraformOutput(this, 'extra-zone-name-servers', {
        value: Object.fromEntries(this.extraZones.map((zone, index) => [extra[index]!, zone.nameServers])),
      });
    }
  }
}
