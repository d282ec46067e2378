import { ARGOCD_DEFAULTS } from './argocd/defaults';
import type { ClusterDefinition } from './model/cluster';
import { DEFAULTS } from './model/defaults';

/**
 * The namespaces whose ExternalSecrets read platform secrets through the platform's ClusterSecretStore:
 * monitoring (Alertmanager receivers, Grafana admin) and argocd (the SSO client secret, the notifications
 * credentials). The store admits only
 * these namespaces and infra's platform reader role trusts only sessions tagged with one of them.
 */
export function platformSecretNamespaces(cluster: ClusterDefinition): string[] {
  const namespaces: string[] = [];
  if (cluster.argocd?.sso !== undefined || cluster.argocd?.notifications !== undefined) {
    namespaces.push(ARGOCD_DEFAULTS.namespace);
  }
  if (cluster.platform?.monitoring !== undefined) namespaces.push(DEFAULTS.monitoringNamespace);
  return namespaces.sort();
}
