import type { k8s } from 'cdk8s-plus-33';
import { type ClusterDefinition, isLocalCluster, LOCAL_DEFAULTS } from '../model/cluster';
import { subnetLayout } from '../subnet-layout';

/** The instance metadata endpoint: pods get AWS credentials through Pod Identity, never from the node. */
const INSTANCE_METADATA_CIDR = '169.254.169.254/32';

/** Traefik as k3s bundles it (HelmChart `traefik` in kube-system): the only ingress controller of a local cluster. */
export const LOCAL_INGRESS_CONTROLLER = {
  namespace: 'kube-system',
  podLabels: { 'app.kubernetes.io/name': 'traefik' },
  ingressClassName: 'traefik',
} as const;

/**
 * Where a public app's traffic comes from. On AWS, load balancers (target type ip) connect from their ENIs in
 * the public subnets; not the whole VPC, since with the VPC CNI every pod has a VPC address too. On a local
 * cluster, from the Traefik pods.
 */
export function loadBalancerPeers(cluster: ClusterDefinition): k8s.NetworkPolicyPeer[] {
  if (isLocalCluster(cluster)) {
    return [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': LOCAL_INGRESS_CONTROLLER.namespace } },
        podSelector: { matchLabels: { ...LOCAL_INGRESS_CONTROLLER.podLabels } },
      },
    ];
  }
  return subnetLayout(cluster.vpcCidr).public.map((cidr) => ({ ipBlock: { cidr } }));
}

/**
 * What "outside the cluster" excludes: the cluster's pods and nodes (other pods only as NetworkPolicies allow)
 * and, on AWS, the node's instance metadata endpoint. On a local cluster the pod network of k3s.
 */
export function inClusterCidrs(cluster: ClusterDefinition): string[] {
  if (isLocalCluster(cluster)) return [cluster.local?.podCidr ?? LOCAL_DEFAULTS.podCidr];
  return [INSTANCE_METADATA_CIDR, ...subnetLayout(cluster.vpcCidr).private];
}
