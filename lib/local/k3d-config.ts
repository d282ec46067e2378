import { type LocalClusterDefinition, LOCAL_DEFAULTS } from '../model/cluster';
import { LOCAL_REGISTRY_NAME, SYSTEM_NODE_POOL_LABEL } from '../naming';

/**
 * The k3s image per Kubernetes minor version: k3d runs the control plane the cluster definition names, so
 * schema validation and the local cluster agree. Pinned like a chart; Renovate's docker manager can move them.
 */
export const K3S_IMAGES: Readonly<Record<LocalClusterDefinition['kubernetesVersion'], string>> = {
  '1.33': 'rancher/k3s:v1.33.5-k3s1',
  '1.34': 'rancher/k3s:v1.34.1-k3s1',
  '1.35': 'rancher/k3s:v1.35.0-k3s1',
};

/** The k3d cluster name of a local cluster (k3d prefixes its containers and network with `k3d-`). */
export function k3dClusterName(cluster: LocalClusterDefinition): string {
  return cluster.name;
}

/** The Docker network k3d creates for the cluster: the compose dependencies join it, so pods reach them by name. */
export function k3dNetworkName(cluster: LocalClusterDefinition): string {
  return `k3d-${k3dClusterName(cluster)}`;
}

/**
 * The k3d `Simple` config (k3d.io/v1alpha5) of a local cluster: one server and `local.agents` agents on the k3s
 * image of its Kubernetes version; Traefik (bundled by k3s) behind k3d's load balancer on 127.0.0.1:<httpPort>;
 * a registry on 127.0.0.1:<registryPort> that the nodes pull bare image names from; the pod and service networks
 * the NetworkPolicies assume; and the server labelled as the system pool that Argo CD's pods select.
 */
export function k3dConfig(cluster: LocalClusterDefinition): Record<string, unknown> {
  const local = cluster.local ?? {};
  const servers = ['server:*'];
  return {
    apiVersion: 'k3d.io/v1alpha5',
    kind: 'Simple',
    metadata: { name: k3dClusterName(cluster) },
    servers: 1,
    agents: local.agents ?? LOCAL_DEFAULTS.agents,
    image: K3S_IMAGES[cluster.kubernetesVersion],
    // The API server and every published port listen on this machine only.
    kubeAPI: { hostIP: '127.0.0.1' },
    ports: [{ port: `127.0.0.1:${local.httpPort ?? LOCAL_DEFAULTS.httpPort}:80`, nodeFilters: ['loadbalancer'] }],
    registries: {
      create: {
        name: LOCAL_REGISTRY_NAME,
        host: '127.0.0.1',
        hostPort: String(local.registryPort ?? LOCAL_DEFAULTS.registryPort),
      },
    },
    options: {
      k3d: { wait: true, timeout: '300s' },
      k3s: {
        extraArgs: [
          { arg: `--cluster-cidr=${local.podCidr ?? LOCAL_DEFAULTS.podCidr}`, nodeFilters: servers },
          { arg: `--service-cidr=${local.serviceCidr ?? LOCAL_DEFAULTS.serviceCidr}`, nodeFilters: servers },
        ],
        nodeLabels: [
          { label: `${SYSTEM_NODE_POOL_LABEL.key}=${SYSTEM_NODE_POOL_LABEL.value}`, nodeFilters: ['server:0'] },
        ],
      },
      kubeconfig: { updateDefaultKubeconfig: true, switchCurrentContext: true },
    },
  };
}
