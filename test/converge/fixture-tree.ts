import type { InfraFacts } from '../../lib/converge/infra-facts';
import type { ClusterTree, TreeDocument } from '../../lib/converge/tree';

/**
 * A small frozen cluster tree that converges: cluster add-ons (metrics-server, cert-manager, the default
 * StorageClass), External Secrets with its ClusterSecretStore, the AWS Load Balancer Controller and one app
 * (namespace labelled for the controller's pod webhook, Deployment, HPA, PVC, ExternalSecret). Tests break one
 * prerequisite at a time.
 */
export const CLUSTER = 'fixture';
const WAVE = 'argocd.argoproj.io/sync-wave';

type Json = Record<string, unknown>;

export function unitApplication(name: string, wave: number, namespace = name): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', annotations: { [WAVE]: String(wave) } },
    spec: {
      project: 'platform',
      source: { repoURL: 'https://example.com/repo.git', path: `generated/${CLUSTER}/${name}` },
      destination: { server: 'https://kubernetes.default.svc', namespace },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
}

export function helmApplication(chart: string, namespace: string, values: Json = {}, wave = -1): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `helm-${chart}`, namespace: 'argocd', annotations: { [WAVE]: String(wave) } },
    spec: {
      project: 'platform',
      source: {
        repoURL: 'https://charts.example.com',
        chart,
        targetRevision: '1.0.0',
        helm: { releaseName: chart, valuesObject: values },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
}

export function withWave(object: Json, wave: number): Json {
  const metadata = object.metadata as Json;
  return {
    ...object,
    metadata: { ...metadata, annotations: { ...(metadata.annotations as Json), [WAVE]: String(wave) } },
  };
}

export const PROJECT: Json = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'platform', namespace: 'argocd', annotations: { [WAVE]: '-100' } },
  spec: {},
};

export const STORAGE_CLASS: Json = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'ebs.csi.aws.com',
};

export const STORE: Json = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'aws-secrets-manager' },
  spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } },
};

const labels = { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' };

export const SHOP: Json[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'shop', image: 'shop:1' }] } } },
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
      minReplicas: 1,
      maxReplicas: 3,
    },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'cache', namespace: 'shop' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'shop-secrets', namespace: 'shop' },
    spec: {
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      data: [{ secretKey: 'token', remoteRef: { key: `${CLUSTER}/apps/shop`, property: 'token' } }],
    },
  },
];

/** The folders of the converging tree, by folder name; `argocd` is what the root syncs. */
export function goodFolders(): Record<string, Json[]> {
  return {
    argocd: [
      PROJECT,
      unitApplication('addons', -40, 'kube-system'),
      unitApplication('secrets', -30, 'external-secrets'),
      unitApplication('ingress', -15, 'kube-system'),
      unitApplication('shop', 0),
    ],
    addons: [
      helmApplication('metrics-server', 'kube-system'),
      helmApplication('cert-manager', 'cert-manager', { crds: { enabled: true } }),
      STORAGE_CLASS,
    ],
    secrets: [helmApplication('external-secrets', 'external-secrets'), STORE],
    ingress: [
      helmApplication('aws-load-balancer-controller', 'kube-system', {
        enableCertManager: true,
        serviceAccount: { create: true, name: 'aws-load-balancer-controller' },
      }),
    ],
    shop: SHOP,
  };
}

export function tree(folders: Record<string, Json[]>): ClusterTree {
  return {
    cluster: CLUSTER,
    rootPath: `generated/${CLUSTER}/argocd`,
    folders: new Map(
      Object.entries(folders).map(([folder, objects]): [string, TreeDocument[]] => [
        `generated/${CLUSTER}/${folder}`,
        objects.map((object, index) => ({
          file: `generated/${CLUSTER}/${folder}/${String(object.kind).toLowerCase()}-${index}.yaml`,
          object,
        })),
      ]),
    ),
  };
}

export function infra(overrides: Partial<InfraFacts> = {}): InfraFacts {
  return {
    podIdentityAssociations: [
      { namespace: 'external-secrets', serviceAccount: 'external-secrets', roleName: 'fixture-external-secrets' },
      { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', roleName: 'fixture-alb' },
    ],
    secrets: new Set([`${CLUSTER}/apps/shop`]),
    csiProvisioners: new Set(['ebs.csi.aws.com']),
    addonServiceAccounts: new Set(),
    namespaces: new Set(['default', 'kube-system', 'argocd']),
    bootstrapCrds: new Set(['argoproj.io/Application', 'argoproj.io/AppProject']),
    addonCrds: new Set(),
    ...overrides,
  };
}
