import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClusterKind,
  type ClusterDefinition,
  isLocalCluster,
  type LocalClusterDefinition,
} from '../../lib/model/cluster';
import { Environment } from '../../lib/model/environment';
import { LokiMode } from '../../lib/model/platform-settings';
import { LOCAL_SECRET_STORE_NAME, LOCAL_SECRETS_NAMESPACE } from '../../lib/naming';
import { awsReferences } from '../support/aws-references';
import { REPO_ROOT } from '../support/repo-copy';
import { repositoryOutput } from '../support/repository-output';
import { field, render, resolveCluster, stagingCluster, webService, worker } from '../platform/fixtures';
import { cluster as awsCluster, problemsOf, project as inMemoryProject } from '../support/project';
import { resolveProject } from '../../lib/project/resolve';

const { project } = await repositoryOutput();
const localClusters = project.clusters.filter((cluster) => isLocalCluster(cluster.definition));
const specs = project.apps.map((app) => app.spec);

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** A local cluster with every component a local cluster may run, running the given apps. */
function localCluster(overrides: Partial<LocalClusterDefinition> = {}): LocalClusterDefinition {
  const staging = stagingCluster();
  return {
    name: 'dev',
    kind: ClusterKind.LOCAL,
    environment: Environment.STAGING,
    kubernetesVersion: '1.34',
    baseDomain: 'localhost',
    platform: {
      monitoring: staging.platform!.monitoring!,
      externalSecrets: { replicas: 1 },
      events: { brokers: 1, brokerStorageGi: 1 },
    },
    apps: {},
    ...overrides,
  };
}

describe('a local cluster synthesizes without any AWS reference', () => {
  it.each(localClusters.map((cluster) => [cluster.definition.name] as const))(
    'generated/%s and its root Application name nothing of AWS',
    (name) => {
      const dir = join(REPO_ROOT, 'generated', name);
      const found = [...files(dir).map((file) => join('generated', name, file)), `argocd/${name}-root.yaml`].flatMap(
        (file) => awsReferences(readFileSync(join(REPO_ROOT, file), 'utf8')).map((hit) => `${file} ${hit}`),
      );
      expect(files(dir).length).toBeGreaterThan(0);
      expect(found).toEqual([]);
    },
  );

  it('renders every app of the repository, and no AWS reference, for a local cluster in memory', () => {
    // Every app, as a local cluster file would list them: a canary's traffic weights need the ALB, so a local
    // cluster keeps such apps on a rolling update (as clusters/local.ts does).
    const apps = Object.fromEntries(
      specs.map((spec) => [
        spec.name,
        spec.delivery === undefined || spec.delivery.strategy === 'rollingUpdate'
          ? {}
          : { delivery: { strategy: 'rollingUpdate' as const } },
      ]),
    );
    const rendered = render(localCluster({ apps }), specs);
    const hits = rendered
      .objects()
      .flatMap(({ path, object }) => awsReferences(JSON.stringify(object, null, 1)).map((hit) => `${path} ${hit}`));
    expect(hits).toEqual([]);
    for (const spec of specs) expect(rendered.paths.some((path) => path.startsWith(`${spec.name}/`))).toBe(true);
    // No Karpenter, no cluster add-ons (k3s bundles a StorageClass and metrics-server), no ALB or Loki.
    const folders = new Set(rendered.paths.map((path) => path.split('/')[0]));
    for (const folder of ['karpenter', 'cluster-addons', 'ingress', 'logging']) expect(folders.has(folder)).toBe(false);
  });

  it('the detector finds the AWS references of an AWS cluster (it can fail)', () => {
    const rendered = render(stagingCluster(), [webService({ secrets: { TOKEN: { property: 'token' } } })]);
    const text = rendered
      .objects()
      .map(({ object }) => JSON.stringify(object, null, 1))
      .join('\n');
    expect(awsReferences(text).length).toBeGreaterThan(0);
  });

  it("reads apps' secrets through the local ClusterSecretStore, with Secret names for keys", () => {
    const app = webService({ name: 'web', secrets: { TOKEN: { property: 'token' } } });
    const rendered = render(localCluster(), [app]);
    const secret = rendered.object('web/externalsecret-web-secrets.yaml');
    expect(field(secret, 'spec.secretStoreRef')).toEqual({ kind: 'ClusterSecretStore', name: LOCAL_SECRET_STORE_NAME });
    expect(field(secret, 'spec.data')).toEqual([
      { secretKey: 'TOKEN', remoteRef: { key: 'dev.apps.web', property: 'token' } },
    ]);
    expect(rendered.paths.filter((path) => path.includes('/secretstore-'))).toEqual([]);
    const store = rendered.object(`external-secrets/clustersecretstore-${LOCAL_SECRET_STORE_NAME}.yaml`);
    expect(field(store, 'spec.provider.kubernetes.remoteNamespace')).toBe(LOCAL_SECRETS_NAMESPACE);
    expect(field(store, 'spec.conditions')).toEqual([{ namespaces: ['monitoring', 'web'] }]);
    const role = rendered.object('external-secrets/role-local-secrets-reader.yaml');
    expect(field(role, 'metadata.namespace')).toBe(LOCAL_SECRETS_NAMESPACE);
    expect(field(role, 'rules')).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  it("routes a public app through k3s' Traefik and admits only Traefik's pods", () => {
    const rendered = render(localCluster(), [webService({ name: 'web', ingress: { host: 'shop' } })]);
    const ingress = rendered.object('web/ingress-web.yaml');
    expect(field(ingress, 'spec.ingressClassName')).toBe('traefik');
    expect(field(ingress, 'metadata.annotations')).toBeUndefined();
    expect(field(ingress, 'spec.rules')).toMatchObject([{ host: 'shop.localhost' }]);
    const policy = rendered.object('web/networkpolicy-web.yaml');
    const ingressRules = field(policy, 'spec.ingress') as { from: unknown[] }[];
    expect(ingressRules.map((rule) => rule.from)).toContainEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      },
    ]);
    const egress = field(policy, 'spec.egress') as { to?: { ipBlock?: { except: string[] } }[] }[];
    expect(egress.flatMap((rule) => rule.to ?? []).find((peer) => peer.ipBlock)?.ipBlock?.except).toEqual([
      '10.42.0.0/16',
    ]);
  });

  it('pulls bare image names from the k3d registry', () => {
    const rendered = render(localCluster({ local: { registryPort: 5999 } }), [worker()]);
    const image = field(rendered.object('worker/deployment-worker.yaml'), 'spec.template.spec.containers.0.image');
    expect(image).toBe('k3d-registry.localhost:5999/worker:1.0.0');
  });
});

describe('a local cluster definition refuses what needs AWS', () => {
  const problems = (definition: ClusterDefinition) => problemsOf(() => resolveCluster(definition, [worker()]));

  it.each([
    [
      'awsAccountId',
      { awsAccountId: '111111111111' },
      'awsAccountId: a local cluster has no AWS account; remove awsAccountId',
    ],
    [
      'vpcCidr',
      { vpcCidr: '10.1.0.0/16' },
      'vpcCidr: a local cluster has no VPC (set local.podCidr for the pod network); remove vpcCidr',
    ],
    [
      'platform.logging',
      { platform: { logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1 } } },
      'platform.logging: not available on a local cluster: Loki stores its chunks in S3',
    ],
    [
      'platform.ingress',
      { platform: { ingress: { controllerReplicas: 1 } } },
      'platform.ingress: not available on a local cluster: the AWS Load Balancer Controller and external-dns need AWS',
    ],
    ['environment', { environment: Environment.PRODUCTION }, "environment: a local cluster takes staging's defaults"],
    ['local.httpPort', { local: { httpPort: 70000 } }, 'local.httpPort: 70000 is more than 65535'],
    [
      'local.serviceCidr',
      { local: { serviceCidr: '10.42.0.0/20' } },
      'local.serviceCidr: 10.42.0.0/20 overlaps the pod network 10.42.0.0/16',
    ],
  ])('%s', (_, overrides, expected) => {
    const definition = { ...localCluster(), ...overrides } as unknown as ClusterDefinition;
    expect(problems(definition).join('\n')).toContain(`clusters/dev.ts: cluster "dev": ${expected}`);
  });

  it('refuses an unknown kind, naming the kinds there are', () => {
    const definition = { ...stagingCluster(), kind: 'kind' } as unknown as ClusterDefinition;
    expect(problems(definition).join('\n')).toContain(
      'kind: "kind" is not a cluster kind; use ClusterKind.EKS (the default) or ClusterKind.LOCAL ("eks", "local")',
    );
  });

  it('refuses a gated cluster promoted from a local one: nothing reports its health to the gate', () => {
    const app = worker();
    const gated = awsCluster('production', { [app.name]: {} }, { promotion: { from: 'dev' } });
    const input = inMemoryProject([app], [localCluster({ apps: { [app.name]: {} } }), gated]);
    expect(problemsOf(() => resolveProject(input)).join('\n')).toContain(
      'clusters/production.ts: cluster "production": promotion.from: "dev" is a local cluster: it reports no health to a promotion gate',
    );
  });
});
