import { WAIVER_ANNOTATION_PREFIX } from '../../lib/validate/waivers';

/**
 * The Pod Security Standards controls istio-cni and ztunnel need relaxed, one waiver each with its reason. They
 * are why ISTIO_NODE_NAMESPACE enforces `privileged` (baseline controls among them); validate's
 * pss-namespace-level rule refuses a namespace below restricted without them, and lists them for reviewers.
 */
const NODE_AGENT_CONTROLS: Readonly<Record<string, string>> = {
  'pss-privileged': 'istio-cni-node runs privileged to write the CNI plugin and configure pod network namespaces',
  'pss-host-namespaces': 'istio-cni-node uses the host network to install the node CNI plugin and reach kubelet',
  'pss-host-path-volumes':
    'istio-cni mounts the node CNI directories and /var/run/netns; ztunnel shares its socket with istio-cni through /var/run/ztunnel',
  'pss-capabilities-baseline':
    'ztunnel adds NET_ADMIN, SYS_ADMIN and NET_RAW to open sockets and set iptables inside enrolled pods',
  'pss-capabilities-restricted': 'the same NET_ADMIN, SYS_ADMIN and NET_RAW capabilities of ztunnel and istio-cni',
  'pss-volume-types': 'the hostPath volumes above',
  'pss-privilege-escalation': 'a privileged container (istio-cni-node) can always escalate',
  'pss-run-as-non-root': 'both agents run as root (uid 0) to manage network namespaces',
  'pss-run-as-user': 'both agents run as uid 0',
};

/** Waiver annotations of the node agents' namespace. */
export function nodeAgentWaivers(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(NODE_AGENT_CONTROLS).map(([control, reason]) => [`${WAIVER_ANNOTATION_PREFIX}${control}`, reason]),
  );
}
