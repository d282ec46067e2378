import { isLocalCluster } from '../model/cluster';
import type { ResolvedCluster } from '../model/resolved-app';
import {
  eksClusterName,
  KARPENTER_SERVICE_ACCOUNT,
  LOCAL_SECRETS_NAMESPACE,
  localSecretName,
  karpenterControllerRoleName,
  platformRoleName,
  platformRolesOf,
  platformServiceAccount,
} from '../naming';
import { platformSecretsOf } from '../platform-secrets';

/** A Pod Identity association infra creates: the role a service account's pods get. */
export interface PodIdentityAssociation {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
}

/** What exists before Argo CD's first sync, from infra (both phases) and the hand-run bootstrap. */
export interface InfraFacts {
  readonly podIdentityAssociations: readonly PodIdentityAssociation[];
  /** Secrets Manager secrets infra creates (empty; a person sets the values). */
  readonly secrets: ReadonlySet<string>;
  /** CSI provisioners of the EKS add-ons (the EBS CSI driver). */
  readonly csiProvisioners: ReadonlySet<string>;
  /** Service accounts the EKS add-ons create, as `namespace/name`. */
  readonly addonServiceAccounts: ReadonlySet<string>;
  /** Namespaces every EKS cluster starts with, and `argocd` from the bootstrap. */
  readonly namespaces: ReadonlySet<string>;
  /** CRDs installed by the bootstrap (`helm install argocd`), as `group/Kind`. */
  readonly bootstrapCrds: ReadonlySet<string>;
  /** StorageClasses the Kubernetes distribution ships (k3s' `local-path`). @default none (EKS ships none we use) */
  readonly bundledStorageClasses?: readonly { name: string; isDefault: boolean; provisioner: string }[];
  /** APIServices the distribution serves (k3s' metrics-server). @default none */
  readonly bundledApiServices?: readonly string[];
  /** CRDs installed by EKS add-ons (the CSI snapshot controller), as `group/Kind`. */
  readonly addonCrds: ReadonlySet<string>;
}

/** What k3s ships that the platform installs itself on EKS: the default StorageClass and metrics-server. */
export const K3S_BUNDLED = {
  storageClass: { name: 'local-path', isDefault: true, provisioner: 'rancher.io/local-path' },
  metricsApi: 'v1beta1.metrics.k8s.io',
} as const;

/**
 * What exists before Argo CD's first sync of a local k3d cluster: no AWS, so no Pod Identity and no Secrets
 * Manager; the Secrets `npm run local:up` creates from `.env` (one per secret name the ExternalSecrets read), the
 * namespace they live in, and what k3s bundles.
 */
function localFacts(cluster: ResolvedCluster): InfraFacts {
  const secrets = new Set<string>();
  for (const secret of platformSecretsOf(cluster.definition)) secrets.add(localSecretName(secret.name));
  for (const app of cluster.apps) for (const ref of Object.values(app.secrets)) secrets.add(localSecretName(ref.key));
  return {
    podIdentityAssociations: [],
    secrets,
    csiProvisioners: new Set([K3S_BUNDLED.storageClass.provisioner]),
    addonServiceAccounts: new Set(),
    namespaces: new Set([
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'argocd',
      LOCAL_SECRETS_NAMESPACE,
    ]),
    bootstrapCrds: new Set(['argoproj.io/Application', 'argoproj.io/AppProject', 'argoproj.io/ApplicationSet']),
    bundledStorageClasses: [{ ...K3S_BUNDLED.storageClass }],
    bundledApiServices: [K3S_BUNDLED.metricsApi],
    addonCrds: new Set(),
  };
}

/** The EBS CSI driver add-on: its provisioner and the controller's service account (infra/constructs/eks-cluster.ts). */
export const EBS_CSI_ADDON = {
  provisioner: 'ebs.csi.aws.com',
  namespace: 'kube-system',
  serviceAccount: 'ebs-csi-controller-sa',
} as const;

/**
 * The EKS `snapshot-controller` add-on (infra/constructs/eks-cluster.ts): the CSI snapshot controller and the
 * `snapshot.storage.k8s.io` CRDs Velero's CSI snapshots need.
 */
export const SNAPSHOT_CONTROLLER_ADDON = {
  name: 'snapshot-controller',
  crds: ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'].map(
    (kind) => `snapshot.storage.k8s.io/${kind}`,
  ),
} as const;

/**
 * What infra creates, derived from the cluster definition through lib/naming.ts, the same functions infra calls,
 * so converge needs no infra synth (about 2 s per cluster). test/converge/infra-facts.test.ts proves the table
 * equals what the infra synth creates.
 */
export function infraFacts(cluster: ResolvedCluster): InfraFacts {
  const definition = cluster.definition;
  if (isLocalCluster(definition)) return localFacts(cluster);
  const associations: PodIdentityAssociation[] = platformRolesOf(definition).map((role) => ({
    ...platformServiceAccount(role),
    roleName: platformRoleName(definition, role),
  }));
  associations.push({ ...KARPENTER_SERVICE_ACCOUNT, roleName: karpenterControllerRoleName(definition) });
  associations.push({
    namespace: EBS_CSI_ADDON.namespace,
    serviceAccount: EBS_CSI_ADDON.serviceAccount,
    roleName: `${eksClusterName(definition)}-ebs-csi-driver`,
  });
  const secrets = new Set<string>();
  for (const secret of platformSecretsOf(definition)) secrets.add(secret.name);
  for (const app of cluster.apps) for (const ref of Object.values(app.secrets)) secrets.add(ref.key);
  return {
    podIdentityAssociations: associations,
    secrets,
    csiProvisioners: new Set([EBS_CSI_ADDON.provisioner]),
    addonServiceAccounts: new Set([`${EBS_CSI_ADDON.namespace}/${EBS_CSI_ADDON.serviceAccount}`]),
    namespaces: new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'argocd']),
    bootstrapCrds: new Set(['argoproj.io/Application', 'argoproj.io/AppProject', 'argoproj.io/ApplicationSet']),
    addonCrds: new Set(SNAPSHOT_CONTROLLER_ADDON.crds),
  };
}
