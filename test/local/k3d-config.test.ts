import { describe, expect, it } from 'vitest';
import {
  ClusterKind,
  LOCAL_DEFAULTS,
  type LocalClusterDefinition,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { composeFile, LOCAL_DEPENDENCY_IMAGES } from '../../lib/local/compose';
import { K3S_IMAGES, k3dConfig } from '../../lib/local/k3d-config';
import { SYSTEM_NODE_POOL_LABEL } from '../../lib/naming';

const cluster = (local?: LocalClusterDefinition['local']): LocalClusterDefinition => ({
  name: 'dev',
  kind: ClusterKind.LOCAL,
  environment: Environment.STAGING,
  kubernetesVersion: '1.34',
  baseDomain: 'localhost',
  apps: {},
  ...(local === undefined ? {} : { local }),
});

describe('k3d config of a local cluster', () => {
  it('runs the k3s of the cluster version, with the networks, ports and registry of its settings', () => {
    const config = k3dConfig(
      cluster({ podCidr: '10.60.0.0/16', serviceCidr: '10.61.0.0/16', httpPort: 9090, registryPort: 5999, agents: 2 }),
    );
    expect(config).toMatchObject({
      apiVersion: 'k3d.io/v1alpha5',
      kind: 'Simple',
      metadata: { name: 'dev' },
      servers: 1,
      agents: 2,
      image: K3S_IMAGES['1.34'],
      kubeAPI: { hostIP: '127.0.0.1' },
      ports: [{ port: '127.0.0.1:9090:80', nodeFilters: ['loadbalancer'] }],
      registries: { create: { name: 'registry.localhost', host: '127.0.0.1', hostPort: '5999' } },
    });
    const k3s = (config.options as { k3s: { extraArgs: { arg: string }[]; nodeLabels: { label: string }[] } }).k3s;
    expect(k3s.extraArgs.map((entry) => entry.arg)).toEqual([
      '--cluster-cidr=10.60.0.0/16',
      '--service-cidr=10.61.0.0/16',
    ]);
    expect(k3s.nodeLabels).toEqual([
      { label: `${SYSTEM_NODE_POOL_LABEL.key}=${SYSTEM_NODE_POOL_LABEL.value}`, nodeFilters: ['server:0'] },
    ]);
  });

  it('takes LOCAL_DEFAULTS when the cluster sets nothing', () => {
    const config = k3dConfig(cluster());
    expect(config.agents).toBe(LOCAL_DEFAULTS.agents);
    expect(config.ports).toEqual([{ port: `127.0.0.1:${LOCAL_DEFAULTS.httpPort}:80`, nodeFilters: ['loadbalancer'] }]);
  });

  it('has a pinned k3s image for every supported Kubernetes version, of that version', () => {
    for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
      expect(K3S_IMAGES[version]).toMatch(new RegExp(`^rancher/k3s:v${version.replace('.', '\\.')}\\.\\d+-k3s\\d+$`));
    }
  });
});

describe('compose file of the local dependencies', () => {
  it('runs pgvector PostgreSQL and Redis on 127.0.0.1, on the k3d network, with passwords from .env', () => {
    const compose = composeFile(cluster()) as {
      services: Record<
        string,
        { image: string; ports: string[]; networks: string[]; environment?: Record<string, string>; command?: string[] }
      >;
      networks: Record<string, unknown>;
    };
    expect(Object.keys(compose.services)).toEqual(['postgres', 'redis']);
    expect(compose.services.postgres!.image).toBe(LOCAL_DEPENDENCY_IMAGES.postgres);
    expect(compose.services.postgres!.image).toMatch(/^pgvector\/pgvector:/);
    for (const service of Object.values(compose.services)) {
      expect(service.ports.every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
      expect(service.networks).toEqual(['cluster']);
    }
    expect(compose.networks).toEqual({ cluster: { name: 'k3d-dev', external: true } });
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toBe(
      '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (docs/local.md)}',
    );
    expect(compose.services.redis!.command).toContain('${REDIS_PASSWORD:?set REDIS_PASSWORD in .env (docs/local.md)}');
  });
});
