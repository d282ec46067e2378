import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { Ec2Tag } from '@cdktn/provider-aws/lib/ec2-tag';
import { EksAccessEntry } from '@cdktn/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktn/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktn/provider-aws/lib/eks-addon';
import { EksCluster as AwsEksCluster } from '@cdktn/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktn/provider-aws/lib/eks-node-group';
import { EksPodIdentityAssociation } from '@cdktn/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktn/provider-aws/lib/launch-template';
import { dependable, type ITerraformDependable } from 'cdktn';
import { Construct } from 'constructs';
import { podIdentityTrust } from './pod-identity';
import { serviceTrust } from './policy-document';
import { byCodePoint } from '../../lib/order';

const MANAGED_POLICY = 'arn:aws:iam::aws:policy';

/**
 * Managed policies of every node role (managed and Karpenter nodes): join the cluster, pull images, and run
 * the VPC CNI, which in this repository uses the node's role (the vpc-cni add-on has no Pod Identity).
 */
export const NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonEKS_CNI_Policy',
];

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
  /** KMS key that envelope-encrypts Kubernetes secrets. */
  readonly secretsKeyArn: string;
  /** KMS key of the nodes' root volumes (its policy admits the EC2 Auto Scaling service-linked role). */
  readonly nodeVolumeKeyArn: string;
  readonly logRetentionDays: number;
  /** CIDRs that may reach the API endpoint from the internet; empty: private endpoint only. */
  readonly apiPublicAccessCidrs: readonly string[];
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
  readonly nodeDesiredSize: number;
  readonly nodeMaxSize: number;
  readonly nodeDiskGi: number;
  /**
   * Label of the system pool's nodes, also a PreferNoSchedule taint: system add-ons select the label and
   * tolerate the taint, other pods land there only while no other node has room (the first sync, before
   * Karpenter launches nodes), so the bootstrap never waits on nodes that do not exist yet.
   */
  readonly systemPoolLabel: { readonly key: string; readonly value: string };
  /** Tag Karpenter finds the node security group by (EC2NodeClass securityGroupSelectorTerms). */
  readonly discoveryTag: { readonly key: string; readonly value: string };
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
  /** The control plane's role (EKS uses the secrets key as it). */
  readonly clusterRole: IamRole;
  /** The role of the managed (system) nodes. */
  readonly nodeRole: IamRole;
  /** The EBS CSI driver's role (it creates and attaches the volumes of PersistentVolumeClaims). */
  readonly ebsCsiRole: IamRole;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
    });
    const clusterRole = (this.clusterRole = new IamRole(this, 'cluster-role', {
      name: `${props.name}-eks-cluster`,
      assumeRolePolicy: serviceTrust(this, 'cluster-trust', 'eks.amazonaws.com', ['sts:TagSession']),
    }));
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
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.secretsKeyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: props.deletionProtection,
      dependsOn: [logGroup],
    });

    const nodeRole = (this.nodeRole = new IamRole(this, 'node-role', {
      name: `${props.name}-eks-node`,
      assumeRolePolicy: serviceTrust(this, 'node-trust', 'ec2.amazonaws.com'),
    }));
    const attachments = NODE_POLICIES.map(
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
            kmsKeyId: props.nodeVolumeKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: [{ resourceType: 'instance', tags: { Name: `${props.name}-node` } }],
    });
    const { key: poolKey, value: poolValue } = props.systemPoolLabel;
    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      // A generated name: a replacement-forcing change (instance types, AMI type) creates the new group first.
      nodeGroupNamePrefix: `${poolValue}-`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: props.privateSubnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: [...props.nodeInstanceTypes],
      scalingConfig: { minSize: props.nodeMinSize, desiredSize: props.nodeDesiredSize, maxSize: props.nodeMaxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: `${launchTemplate.latestVersion}` },
      labels: { [poolKey]: poolValue },
      taint: [{ key: poolKey, value: poolValue, effect: 'PREFER_NO_SCHEDULE' }],
      dependsOn: attachments,
      lifecycle: {
        createBeforeDestroy: true,
        // Whoever scales the group (people during an incident, an autoscaler) owns its current size.
        ignoreChanges: ['scaling_config[0].desired_size'],
      },
    });
    new Ec2Tag(this, 'node-security-group-discovery-tag', {
      resourceId: this.nodeSecurityGroupId,
      key: props.discoveryTag.key,
      value: props.discoveryTag.value,
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
    const ebsCsiRole = (this.ebsCsiRole = new IamRole(this, 'ebs-csi-role', {
      name: `${props.name}-ebs-csi-driver`,
      assumeRolePolicy: podIdentityTrust(this, 'ebs-csi-trust', props.accountId),
    }));
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
    // The CSI snapshot controller and the snapshot.storage.k8s.io CRDs: Velero's volume backups are CSI snapshots.
    new EksAddon(this, 'addon-snapshot-controller', {
      clusterName: this.cluster.name,
      addonName: 'snapshot-controller',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
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

  /** Nodes launch only once this exists (e.g. the key policy that lets EC2 Auto Scaling use the volume key). */
  nodesWaitFor(dependency: ITerraformDependable): void {
    this.nodeGroup.dependsOn = [...(this.nodeGroup.dependsOn ?? []), dependable(dependency)];
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
