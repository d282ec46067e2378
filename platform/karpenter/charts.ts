import type { ChartPin } from '../shared/helm-application';

/**
 * Karpenter, OCI chart public.ecr.aws/karpenter/karpenter (github.com/aws/karpenter-provider-aws, charts/karpenter;
 * release v1.14.1). A repoURL without a scheme is an OCI registry to Argo CD. The chart's `crds/` installs the
 * NodePool, NodeClaim and EC2NodeClass CRDs.
 */
export const KARPENTER_CHART: ChartPin = {
  chart: 'karpenter',
  repoURL: 'public.ecr.aws/karpenter',
  version: '1.14.1',
};
