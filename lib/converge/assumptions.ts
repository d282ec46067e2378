import type { ClusterDefinition } from '../model/cluster';
import { isLocalCluster } from '../model/cluster';
import { eksClusterName, LOCAL_SECRETS_NAMESPACE } from '../naming';
import type { InfraFacts } from './infra-facts';

/** Something converge takes as given before the first sync, with the term the bootstrap runbook names it by. */
export interface OutsidePrerequisite {
  /** What it is, for messages. */
  readonly what: string;
  /**
   * How argocd/README.md names it, with the cluster's name written `<cluster>` (and an app's `<app>`), so one
   * runbook serves every cluster.
   */
  readonly runbookTerm: string;
}

/** Every prerequisite from outside generated/ that converge assumes exists, for the runbook cross-check. */
export function outsidePrerequisites(cluster: ClusterDefinition, facts: InfraFacts): OutsidePrerequisite[] {
  const name = eksClusterName(cluster);
  const generic = (text: string) => text.split(name).join('<cluster>');
  const out: OutsidePrerequisite[] = [];
  for (const association of facts.podIdentityAssociations) {
    out.push({
      what: `Pod Identity association ${association.namespace}/${association.serviceAccount} (role ${association.roleName})`,
      runbookTerm: `${association.namespace}/${association.serviceAccount}`,
    });
  }
  const local = isLocalCluster(cluster);
  for (const secret of [...facts.secrets].sort()) {
    const term = generic(secret)
      .replace(/^<cluster>\/apps\/[^/]+$/, '<cluster>/apps/<app>')
      .replace(/^<cluster>\.apps\.[^.]+$/, '<cluster>.apps.<app>');
    out.push({
      what: local
        ? `Secret ${LOCAL_SECRETS_NAMESPACE}/${secret} (npm run local:up, from .env)`
        : `Secrets Manager secret ${secret}`,
      runbookTerm: term,
    });
  }
  for (const provisioner of [...facts.csiProvisioners].sort()) {
    out.push({
      what: `CSI driver ${provisioner} (${local ? 'bundled with k3s' : 'EKS add-on'})`,
      runbookTerm: provisioner,
    });
  }
  for (const namespace of [...facts.namespaces].sort()) {
    if (namespace === 'argocd')
      out.push({ what: 'namespace argocd (the bootstrap)', runbookTerm: '--namespace argocd' });
  }
  for (const crd of [...facts.addonCrds].sort()) {
    out.push({ what: `CRD ${crd} (EKS add-on snapshot-controller)`, runbookTerm: 'snapshot-controller' });
  }
  for (const crd of [...facts.bootstrapCrds].sort()) {
    out.push({ what: `CRD ${crd} (the bootstrap installs Argo CD)`, runbookTerm: 'helm install argocd' });
  }
  return out;
}
