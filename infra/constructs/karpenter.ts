import { CloudwatchEventRule } from '@cdktn/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktn/provider-aws/lib/cloudwatch-event-target';
import { EksAccessEntry } from '@cdktn/provider-aws/lib/eks-access-entry';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { SqsQueue } from '@cdktn/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktn/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { NODE_POLICIES, type EksCluster } from './eks-cluster';
import { podIdentityTrust } from './pod-identity';
import { policyDocument, serviceTrust, type PolicyStatement } from './policy-document';

/** Karpenter keeps interruption messages 5 minutes: an older warning is of no use (its documented setting). */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;

/** The EventBridge events Karpenter drains and replaces nodes on, by rule suffix. */
export const INTERRUPTION_EVENTS: Readonly<Record<string, { source: string; detailType: string }>> = {
  'scheduled-change': { source: 'aws.health', detailType: 'AWS Health Event' },
  'spot-interruption': { source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  rebalance: { source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  'instance-state-change': { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
};

export interface KarpenterProps {
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  readonly cluster: EksCluster;
  readonly controllerRoleName: string;
  readonly nodeRoleName: string;
  readonly queueName: string;
  readonly serviceAccount: { readonly namespace: string; readonly serviceAccount: string };
}

/**
 * Karpenter's AWS side (v1): the controller's role, bound to its service account by Pod Identity and allowed
 * only what its documented policy allows, scoped to this cluster's tags; the role of the nodes it launches
 * (Karpenter creates their instance profiles itself) with an EC2_LINUX access entry; the interruption queue
 * and the EventBridge rules that feed it.
 */
export class Karpenter extends Construct {
  readonly controllerRole: IamRole;
  readonly nodeRole: IamRole;
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'interruption-queue', {
      name: props.queueName,
      messageRetentionSeconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    new SqsQueuePolicy(this, 'interruption-queue-policy', {
      queueUrl: this.queue.url,
      policy: policyDocument(this, 'interruption-queue-policy-document', [
        {
          sid: 'EventBridgeSendsEvents',
          actions: ['sqs:SendMessage'],
          resources: [this.queue.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'sqs.amazonaws.com'] }],
        },
        {
          sid: 'DenyHTTP',
          effect: 'Deny',
          actions: ['sqs:*'],
          resources: [this.queue.arn],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ]),
    });
    for (const [suffix, event] of Object.entries(INTERRUPTION_EVENTS)) {
      const rule = new CloudwatchEventRule(this, `rule-${suffix}`, {
        name: `${props.queueName}-${suffix}`,
        description: `${event.detailType} -> Karpenter of ${props.clusterName}`,
        eventPattern: JSON.stringify({ source: [event.source], 'detail-type': [event.detailType] }),
      });
      new CloudwatchEventTarget(this, `rule-${suffix}-target`, {
        rule: rule.name,
        targetId: 'karpenter-interruption-queue',
        arn: this.queue.arn,
      });
    }

    this.nodeRole = new IamRole(this, 'node-role', {
      name: props.nodeRoleName,
      description: `Nodes Karpenter launches in ${props.clusterName}`,
      assumeRolePolicy: serviceTrust(this, 'node-trust', 'ec2.amazonaws.com'),
    });
    for (const policy of [...NODE_POLICIES, 'AmazonSSMManagedInstanceCore']) {
      new IamRolePolicyAttachment(this, `node-role-${policy}`, {
        role: this.nodeRole.name,
        policyArn: `arn:aws:iam::aws:policy/${policy}`,
      });
    }
    // EC2_LINUX: EKS maps the role to system:nodes itself (no access policy can be associated).
    new EksAccessEntry(this, 'node-access-entry', {
      clusterName: props.cluster.cluster.name,
      principalArn: this.nodeRole.arn,
      type: 'EC2_LINUX',
    });

    this.controllerRole = new IamRole(this, 'controller-role', {
      name: props.controllerRoleName,
      description: `Karpenter controller of ${props.clusterName} (Pod Identity ${props.serviceAccount.namespace}/${props.serviceAccount.serviceAccount})`,
      assumeRolePolicy: podIdentityTrust(this, 'controller-trust', props.accountId),
    });
    new IamRolePolicy(this, 'controller-policy', {
      role: this.controllerRole.name,
      name: 'karpenter-controller',
      policy: policyDocument(
        this,
        'controller-permissions',
        karpenterControllerStatements({
          clusterName: props.clusterName,
          accountId: props.accountId,
          region: props.region,
          queueArn: this.queue.arn,
          nodeRoleArn: this.nodeRole.arn,
        }),
      ),
    });
    props.cluster.associate(
      'pod-identity-karpenter',
      this.controllerRole.arn,
      props.serviceAccount.namespace,
      props.serviceAccount.serviceAccount,
    );
  }
}

/**
 * Karpenter v1's controller policy (karpenter.sh, "Reference: CloudFormation"), written out: launch only into
 * this region, create and tag only what it tags as owned by this cluster and a NodePool, delete only what it
 * owns, pass only the node role, manage only instance profiles it tagged for this cluster and region.
 */
export function karpenterControllerStatements(scope: {
  readonly clusterName: string;
  readonly accountId: string;
  readonly region: string;
  readonly queueArn: string;
  readonly nodeRoleArn: string;
}): PolicyStatement[] {
  const { clusterName, accountId, region } = scope;
  const ec2 = (resource: string, account = '*') => `arn:aws:ec2:${region}:${account}:${resource}`;
  const instanceProfiles = `arn:aws:iam::${accountId}:instance-profile/*`;
  const equals = (variable: string, value: string) => ({ test: 'StringEquals', variable, values: [value] });
  const present = (variable: string) => ({ test: 'StringLike', variable, values: ['*'] });
  const owned = (kind: 'Request' | 'Resource') =>
    equals(`aws:${kind}Tag/kubernetes.io/cluster/${clusterName}`, 'owned');
  const clusterNameTag = equals('aws:RequestTag/eks:eks-cluster-name', clusterName);
  const inRegion = (kind: 'Request' | 'Resource') => equals(`aws:${kind}Tag/topology.kubernetes.io/region`, region);
  const launched = [
    'fleet/*',
    'instance/*',
    'volume/*',
    'network-interface/*',
    'launch-template/*',
    'spot-instances-request/*',
  ].map((resource) => ec2(resource));
  return [
    {
      sid: 'AllowScopedEC2InstanceAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [
        ec2('image/*', ''),
        ec2('snapshot/*', ''),
        ec2('security-group/*'),
        ec2('subnet/*'),
        ec2('capacity-reservation/*'),
      ],
    },
    {
      sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      resources: [ec2('launch-template/*')],
      conditions: [owned('Resource'), present('aws:ResourceTag/karpenter.sh/nodepool')],
    },
    {
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      resources: launched,
      conditions: [owned('Request'), clusterNameTag, present('aws:RequestTag/karpenter.sh/nodepool')],
    },
    {
      sid: 'AllowScopedResourceCreationTagging',
      actions: ['ec2:CreateTags'],
      resources: launched,
      conditions: [
        owned('Request'),
        clusterNameTag,
        {
          test: 'StringEquals',
          variable: 'ec2:CreateAction',
          values: ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        present('aws:RequestTag/karpenter.sh/nodepool'),
      ],
    },
    {
      sid: 'AllowScopedResourceTagging',
      actions: ['ec2:CreateTags'],
      resources: [ec2('instance/*')],
      conditions: [
        owned('Resource'),
        present('aws:ResourceTag/karpenter.sh/nodepool'),
        { test: 'StringEqualsIfExists', variable: 'aws:RequestTag/eks:eks-cluster-name', values: [clusterName] },
        {
          test: 'ForAllValues:StringEquals',
          variable: 'aws:TagKeys',
          values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
        },
      ],
    },
    {
      sid: 'AllowScopedDeletion',
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [ec2('instance/*'), ec2('launch-template/*')],
      conditions: [owned('Resource'), present('aws:ResourceTag/karpenter.sh/nodepool')],
    },
    {
      sid: 'AllowRegionalReadActions',
      actions: [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      // Describe calls cannot be scoped to resources; the region can.
      resources: ['*'],
      conditions: [equals('aws:RequestedRegion', region)],
    },
    {
      sid: 'AllowSSMReadActions',
      actions: ['ssm:GetParameter'],
      resources: [`arn:aws:ssm:${region}::parameter/aws/service/*`],
    },
    { sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] },
    {
      sid: 'AllowInterruptionQueueActions',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [scope.queueArn],
    },
    {
      sid: 'AllowPassingInstanceRole',
      actions: ['iam:PassRole'],
      resources: [scope.nodeRoleArn],
      conditions: [equals('iam:PassedToService', 'ec2.amazonaws.com')],
    },
    {
      sid: 'AllowScopedInstanceProfileCreationActions',
      actions: ['iam:CreateInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [
        owned('Request'),
        clusterNameTag,
        inRegion('Request'),
        present('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass'),
      ],
    },
    {
      sid: 'AllowScopedInstanceProfileTagActions',
      actions: ['iam:TagInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [
        owned('Resource'),
        inRegion('Resource'),
        owned('Request'),
        clusterNameTag,
        inRegion('Request'),
        present('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass'),
        present('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass'),
      ],
    },
    {
      sid: 'AllowScopedInstanceProfileActions',
      actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      resources: [instanceProfiles],
      conditions: [owned('Resource'), inRegion('Resource'), present('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass')],
    },
    { sid: 'AllowInstanceProfileReadActions', actions: ['iam:GetInstanceProfile'], resources: [instanceProfiles] },
    {
      sid: 'AllowAPIServerEndpointDiscovery',
      actions: ['eks:DescribeCluster'],
      resources: [`arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`],
    },
  ];
}
