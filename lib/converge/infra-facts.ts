import type { ResolvedCluster } from '../model/resolved-app';
import {
  eksClusterName,
  KARPENTER_SERVICE_ACCOUNT,
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
}

/** The EBS CSI driver add-on: its provisioner and the controller's service account (infra/constructs/eks-cluster.ts). */
export const EBS_CSI_ADDON = {
  provisioner: 'ebs.csi.aws.com',
  namespace: 'kube-system',
  serviceAccount: 'ebs-csi-controller-sa',
} as const;

/**
 * What infra creates, derived from the cluster definition through lib/naming.ts, the same functions infra calls,
 * so converge needs no infra synth (about 2 s per cluster). test/converge/infra-facts.test.ts proves the table
 * equals what the infra synth creates.
 */
export function infraFacts(cluster: ResolvedCluster): InfraFacts {
  const definition = cluster.definition;
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
  };
}
