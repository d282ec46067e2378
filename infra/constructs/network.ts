import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import { DataAwsAvailabilityZones } from '@cdktn/provider-aws/lib/data-aws-availability-zones';
import { Eip } from '@cdktn/provider-aws/lib/eip';
import { FlowLog } from '@cdktn/provider-aws/lib/flow-log';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktn/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktn/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktn/provider-aws/lib/subnet';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { Fn } from 'cdktn';
import { Construct } from 'constructs';
import { subnetLayout, ZONE_COUNT } from '../../lib/subnet-layout';
import { policyDocument, serviceTrust } from './policy-document';

export interface NetworkProps {
  /** Prefix of every name (the EKS cluster name). */
  readonly name: string;
  /** The VPC's `Name` tag: the AWS Load Balancer Controller finds the VPC by it (lib/naming.ts vpcName). */
  readonly vpcName: string;
  /** The VPC's CIDR block, /16 to /20; split into private, public and database subnets. */
  readonly cidr: string;
  /** One NAT gateway per zone, or one shared by all private subnets. */
  readonly natGateways: 'one-per-zone' | 'single';
  /** Retention of the VPC flow log group. */
  readonly flowLogRetentionDays: number;
  /** Extra tags of the private subnets (e.g. the tag Karpenter discovers them by). @default none */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
}

/**
 * A VPC across three zones. Each zone gets a private subnet (nodes and pods: a quarter of the VPC each),
 * a public subnet (load balancers, NAT) and a database subnet with no route to the internet.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];
  readonly databaseSubnets: Subnet[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const prefix = Number(props.cidr.split('/')[1]);
    if (!(prefix >= 16 && prefix <= 20)) {
      throw new Error(`VPC CIDR "${props.cidr}" of "${props.name}": use a /16 to /20 block`);
    }
    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.vpcName },
    });
    // Adopted and emptied: a resource that lands in the default group by omission reaches nothing.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-no-rules` },
    });
    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
      tags: { Name: `${props.name}-public` },
    });
    const databaseRoutes = new RouteTable(this, 'database-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-database` },
    });

    const natGateways: NatGateway[] = [];
    const layout = subnetLayout(props.cidr);
    for (let zone = 0; zone < ZONE_COUNT; zone++) {
      const availabilityZone = Fn.element(zones.names, zone);
      const suffix = String.fromCharCode(97 + zone);
      const privateSubnet = new Subnet(this, `private-${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone,
        cidrBlock: layout.private[zone],
        tags: {
          ...props.privateSubnetTags,
          Name: `${props.name}-private-${suffix}`,
          'kubernetes.io/role/internal-elb': '1',
        },
      });
      const publicSubnet = new Subnet(this, `public-${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone,
        cidrBlock: layout.public[zone],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${suffix}`, 'kubernetes.io/role/elb': '1' },
      });
      const databaseSubnet = new Subnet(this, `database-${suffix}`, {
        vpcId: this.vpc.id,
        availabilityZone,
        cidrBlock: layout.database[zone],
        tags: { Name: `${props.name}-database-${suffix}` },
      });
      this.privateSubnets.push(privateSubnet);
      this.publicSubnets.push(publicSubnet);
      this.databaseSubnets.push(databaseSubnet);

      new RouteTableAssociation(this, `public-${suffix}-routes`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRoutes.id,
      });
      new RouteTableAssociation(this, `database-${suffix}-routes`, {
        subnetId: databaseSubnet.id,
        routeTableId: databaseRoutes.id,
      });
      if (props.natGateways === 'one-per-zone' || zone === 0) {
        const address = new Eip(this, `nat-${suffix}-address`, {
          domain: 'vpc',
          tags: { Name: `${props.name}-nat-${suffix}` },
        });
        natGateways.push(
          new NatGateway(this, `nat-${suffix}`, {
            allocationId: address.allocationId,
            subnetId: publicSubnet.id,
            tags: { Name: `${props.name}-nat-${suffix}` },
            dependsOn: [internetGateway],
          }),
        );
      }
      const nat = natGateways[natGateways.length - 1]!;
      const privateRoutes = new RouteTable(this, `private-${suffix}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { Name: `${props.name}-private-${suffix}` },
      });
      new RouteTableAssociation(this, `private-${suffix}-routes-association`, {
        subnetId: privateSubnet.id,
        routeTableId: privateRoutes.id,
      });
    }

    const flowLogGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc/${props.name}/flow-logs`,
      retentionInDays: props.flowLogRetentionDays,
    });
    const flowLogRole = new IamRole(this, 'flow-log-role', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrust(this, 'flow-log-trust', 'vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'flow-log-role-policy', {
      role: flowLogRole.name,
      name: 'write-flow-logs',
      policy: policyDocument(this, 'flow-log-policy', [
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [flowLogGroup.arn, `${flowLogGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
  }
}
