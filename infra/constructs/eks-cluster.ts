import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktn/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktn/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktn/provider-aws/lib/eks-addon';
import { EksCluster as AwsEksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktn/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktn/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktn/provider-aws/lib/launch-template';
import { type ITerraformDependable } from 'cdktn';
import { Construct } from 'constructs';
import { podIdentityTrust } from './pod-identity';
import { serviceTrust } from './policy-document';
import { byCodePoint } from '../../lib/order';

const MANAGED_POLICY = 'arn:aws:iam::aws:policy';

/** EKS access policies an access entry can be associated with. */
export type ClusterAccess = 'admin' | 'view';

const ACCESS_POLICY: Record<ClusterAccess, string> = {
  admin: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
  // Not AmazonEKSAdminViewPolicy: that one reads every Secret.
  view: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
};

export interface EksClusterProps {
  readonly name: string;
  readonly accountId: string;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  readonly privateSubnetIds: string[];
  /** KMS key that envelope-encrypts Kubernetes secrets and the nodes' volumes. */
  readonly encryptionKeyArn: string;
  readonly logRetentionDays: number;
  /** CIDRs that may reach the API endpoint from the internet; empty: private endpoint only. */
  readonly apiPublicAccessCidrs: readonly string[];
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
  readonly nodeDesiredSize: number;
  readonly nodeMaxSize: number;
  readonly nodeDiskGi: number;
  /** Refuse `terraform destroy` of the control plane. */
  readonly deletionProtection: boolean;
  /** IAM principal ARN -> access to the whole cluster. */
  readonly access: Readonly<Record<string, ClusterAccess>>;
  /** Resources that create those principals (an access entry needs its principal to exist). @default none */
  readonly accessDependsOn?: ITerraformDependable[];
}

/** Control-plane log types sent to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/**
 * An EKS cluster with API-only authentication (access entries, no aws-auth ConfigMap), secrets encryption,
 * control-plane logs, one managed node group in the private subnets with IMDSv2 required, and the core
 * add-ons including the Pod Identity agent.
 */
export class EksCluster extends Construct {
  readonly cluster: AwsEksCluster;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
    });
    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${props.name}-eks-cluster`,
      assumeRolePolicy: serviceTrust(this, 'cluster-trust', 'eks.amazonaws.com', ['sts:TagSession']),
    });
    new IamRolePolicyAttachment(this, 'cluster-role-policy', {
      role: clusterRole.name,
      policyArn: `${MANAGED_POLICY}/AmazonEKSClusterPolicy`,
    });

    this.cluster = new AwsEksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: props.privateSubnetIds,
        endpointPrivateAccess: true,
        // Without CIDRs EKS would open the public endpoint to 0.0.0.0/0: no CIDRs, no public endpoint.
        endpointPublicAccess: props.apiPublicAccessCidrs.length > 0,
        publicAccessCidrs: props.apiPublicAccessCidrs.length > 0 ? [...props.apiPublicAccessCidrs] : undefined,
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.encryptionKeyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: props.deletionProtection,
      dependsOn: [logGroup],
    });

    const nodeRole = new IamRole(this, 'node-role', {
      name: `${props.name}-eks-node`,
      assumeRolePolicy: serviceTrust(this, 'node-trust', 'ec2.amazonaws.com'),
    });
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy'];
    const attachments = nodePolicies.map(
      (policy) =>
        new IamRolePolicyAttachment(this, `node-role-${policy}`, {
          role: nodeRole.name,
          policyArn: `${MANAGED_POLICY}/${policy}`,
        }),
    );
    const launchTemplate = new LaunchTemplate(this, 'node-launch-template', {
      name: `${props.name}-nodes`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // Pods must not reach the node's credentials: they get their own through Pod Identity.
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: props.nodeDiskGi,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.encryptionKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: [{ resourceType: 'instance', tags: { Name: `${props.name}-node` } }],
    });
    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      nodeGroupName: 'default',
      nodeRoleArn: nodeRole.arn,
      subnetIds: props.privateSubnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: [...props.nodeInstanceTypes],
      scalingConfig: { minSize: props.nodeMinSize, desiredSize: props.nodeDesiredSize, maxSize: props.nodeMaxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: `${launchTemplate.latestVersion}` },
      dependsOn: attachments,
    });

    // Networking add-ons first (nodes need them to become ready), the rest once nodes exist.
    const early = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
    for (const addon of early) {
      new EksAddon(this, `addon-${addon}`, {
        clusterName: this.cluster.name,
        addonName: addon,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      });
    }
    new EksAddon(this, 'addon-coredns', {
      clusterName: this.cluster.name,
      addonName: 'coredns',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: [this.nodeGroup],
    });
    const ebsCsiRole = new IamRole(this, 'ebs-csi-role', {
      name: `${props.name}-ebs-csi-driver`,
      assumeRolePolicy: podIdentityTrust(this, 'ebs-csi-trust', props.accountId),
    });
    new IamRolePolicyAttachment(this, 'ebs-csi-role-policy', {
      role: ebsCsiRole.name,
      policyArn: `${MANAGED_POLICY}/service-role/AmazonEBSCSIDriverPolicy`,
    });
    new EksAddon(this, 'addon-aws-ebs-csi-driver', {
      clusterName: this.cluster.name,
      addonName: 'aws-ebs-csi-driver',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      podIdentityAssociation: [{ roleArn: ebsCsiRole.arn, serviceAccount: 'ebs-csi-controller-sa' }],
      dependsOn: [this.nodeGroup],
    });

    for (const [principalArn, access] of Object.entries(props.access).sort(([a], [b]) => byCodePoint(a, b))) {
      const roleName = principalArn.split('/').pop() ?? principalArn;
      const entry = new EksAccessEntry(this, `access-${roleName}`, {
        clusterName: this.cluster.name,
        principalArn,
        type: 'STANDARD',
        dependsOn: props.accessDependsOn,
      });
      new EksAccessPolicyAssociation(this, `access-${roleName}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: ACCESS_POLICY[access],
        accessScope: { type: 'cluster' },
      });
    }
  }

  /** Binds an IAM role to a Kubernetes service account through EKS Pod Identity. */
  associate(id: string, roleArn: string, namespace: string, serviceAccount: string): EksPodIdentityAssociation {
    return new EksPodIdentityAssociation(this, id, {
      clusterName: this.cluster.name,
      namespace,
      serviceAccount,
      roleArn,
    });
  }

  /** The security group EKS puts on the control plane and on every managed node. */
  get nodeSecurityGroupId(): string {
    return this.cluster.vpcConfig.clusterSecurityGroupId;
  }
}
