import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { type PlatformRole } from '../../lib/naming';
import { type EksCluster } from './eks-cluster';
import { podIdentityTrust } from './pod-identity';
import { policyDocument, type PolicyStatement } from './policy-document';

/** Where a platform role's pods run and what it may do. */
export interface PlatformRoleSpec {
  readonly component: PlatformRole;
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly statements: readonly PolicyStatement[];
}

export interface PlatformRolesProps {
  readonly accountId: string;
  readonly cluster: EksCluster;
  readonly roles: readonly PlatformRoleSpec[];
}

/**
 * One IAM role per platform component, trusted only by EKS Pod Identity, with an inline least-privilege
 * policy, and the Pod Identity association that hands it to the component's service account.
 */
export class PlatformRoles extends Construct {
  readonly roles: Partial<Record<PlatformRole, IamRole>> = {};

  constructor(scope: Construct, id: string, props: PlatformRolesProps) {
    super(scope, id);
    for (const spec of props.roles) {
      const role = new IamRole(this, spec.component, {
        name: spec.roleName,
        description: `Assumed through EKS Pod Identity by ${spec.namespace}/${spec.serviceAccount}`,
        assumeRolePolicy: podIdentityTrust(this, `${spec.component}-trust`, props.accountId),
      });
      new IamRolePolicy(this, `${spec.component}-policy`, {
        role: role.name,
        name: spec.component,
        policy: policyDocument(this, `${spec.component}-permissions`, spec.statements),
      });
      props.cluster.associate(`pod-identity-${spec.component}`, role.arn, spec.namespace, spec.serviceAccount);
      this.roles[spec.component] = role;
    }
  }
}

/**
 * What the AWS Load Balancer Controller needs: read the network and certificates, and manage only the load
 * balancers, target groups and security groups it tagged for this cluster.
 */
export function loadBalancerControllerStatements(clusterName: string, vpcArn: string): PolicyStatement[] {
  const clusterTag = 'elbv2.k8s.aws/cluster';
  const ownedByUs = { test: 'StringEquals', variable: `aws:ResourceTag/${clusterTag}`, values: [clusterName] };
  const taggedOnCreate = { test: 'StringEquals', variable: `aws:RequestTag/${clusterTag}`, values: [clusterName] };
  return [
    {
      sid: 'CreateServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['*'],
      conditions: [
        { test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] },
      ],
    },
    {
      sid: 'Discover',
      actions: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:DescribeCoipPools',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeRouteTables',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'elasticloadbalancing:Describe*',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'cognito-idp:DescribeUserPoolClient',
        // Ingresses name the cluster's web ACL (alb.ingress.kubernetes.io/wafv2-acl-name): the controller
        // (v2.14+) resolves the name to its ARN with ListWebACLs, which cannot be scoped to a resource.
        'wafv2:ListWebACLs',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      resources: ['*'],
    },
    {
      sid: 'CreateSecurityGroupsInVpc',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [vpcArn, 'arn:aws:ec2:*:*:security-group/*'],
    },
    {
      sid: 'TagNewSecurityGroups',
      actions: ['ec2:CreateTags'],
      resources: ['arn:aws:ec2:*:*:security-group/*'],
      conditions: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] }],
    },
    {
      sid: 'ManageOwnSecurityGroups',
      actions: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
        'ec2:CreateTags',
        'ec2:DeleteTags',
      ],
      resources: ['arn:aws:ec2:*:*:security-group/*'],
      conditions: [{ test: 'StringEquals', variable: `aws:ResourceTag/${clusterTag}`, values: [clusterName] }],
    },
    {
      sid: 'OpenNodeSecurityGroups',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: ['arn:aws:ec2:*:*:security-group/*'],
      conditions: [{ test: 'StringEquals', variable: 'ec2:Vpc', values: [vpcArn] }],
    },
    {
      sid: 'CreateLoadBalancers',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: ['*'],
      conditions: [taggedOnCreate],
    },
    {
      sid: 'TagOnCreate',
      actions: ['elasticloadbalancing:AddTags'],
      resources: [
        'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
      ],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'elasticloadbalancing:CreateAction',
          values: ['CreateTargetGroup', 'CreateLoadBalancer'],
        },
        taggedOnCreate,
      ],
    },
    {
      sid: 'ManageOwnLoadBalancers',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      resources: ['*'],
      conditions: [ownedByUs],
    },
    {
      sid: 'ManageListenersAndRules',
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:SetWebAcl',
      ],
      resources: [
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener/*/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener-rule/*/*/*',
      ],
    },
    {
      sid: 'RegisterTargets',
      actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      resources: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*'],
    },
  ];
}

/**
 * What YACE documents as the minimum for tag-discovery jobs (its README, "Authentication"): find the tagged
 * resources and read their CloudWatch metrics, plus `iam:ListAccountAliases`, which it calls for the account label
 * of `aws_account_info`. Read-only; none of these actions supports resource-level permissions, so the statement is
 * limited to the cluster's region instead.
 */
export function cloudWatchExporterStatements(region: string): PolicyStatement[] {
  return [
    {
      sid: 'ReadTaggedResourceMetrics',
      actions: [
        'tag:GetResources',
        'cloudwatch:GetMetricData',
        'cloudwatch:GetMetricStatistics',
        'cloudwatch:ListMetrics',
      ],
      resources: ['*'],
      conditions: [{ test: 'StringEquals', variable: 'aws:RequestedRegion', values: [region] }],
    },
    // IAM is a global service: aws:RequestedRegion is us-east-1 for it, whatever the cluster's region.
    { sid: 'ReadAccountAlias', actions: ['iam:ListAccountAliases'], resources: ['*'] },
  ];
}
