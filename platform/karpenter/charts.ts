import {
  chartInstalls,
  type ChartInstallsTable,
  chartServiceAccount,
  serviceMonitor,
  valueAt,
} from '../../lib/converge/chart-installs';
import { SYSTEM_NODE_POOL_TAINT } from '../../lib/naming';
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

const KARPENTER_CRDS = [
  'autoscaling.x-k8s.io/CapacityBuffer',
  'karpenter.k8s.aws/EC2NodeClass',
  'karpenter.sh/NodeClaim',
  'karpenter.sh/NodeOverlay',
  'karpenter.sh/NodePool',
];

/** What the karpenter chart installs (see lib/converge/chart-installs.ts); its CRDs are in the chart's `crds/`. */
export const KARPENTER_INSTALLS: ChartInstallsTable = {
  chart: 'karpenter',
  allCrds: KARPENTER_CRDS,
  installs: (release) => {
    const tolerations = valueAt(release.values, 'tolerations');
    return chartInstalls({
      crds: KARPENTER_CRDS,
      serviceAccounts: chartServiceAccount(release),
      customResources: serviceMonitor(release, 'serviceMonitor.enabled'),
      runsOnSystemPool:
        Array.isArray(tolerations) &&
        tolerations.some((toleration) => (toleration as { key?: string }).key === SYSTEM_NODE_POOL_TAINT.key),
    });
  },
};
