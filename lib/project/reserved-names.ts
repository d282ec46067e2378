import { ARGOCD_FOLDER } from '../argocd/defaults';
import { DEFAULTS } from '../model/defaults';
import { PlatformComponent } from '../model/platform-settings';
import { LOCAL_SECRETS_NAMESPACE, platformServiceAccount, PLATFORM_ROLES } from '../naming';
import { RESTORE_DRILL_NAMESPACE } from '../../platform/backup/restore-drill';
import { CERT_MANAGER_NAMESPACE } from '../../platform/cluster-addons/cluster-addons-stack';
import { OPENCOST_NAMESPACE } from '../../platform/cost/cost-stack';
import { ALLOY_NAMESPACE } from '../../platform/logging/logging-stack';
import { ARGO_ROLLOUTS_NAMESPACE } from '../../platform/rollouts/values';
import { ISTIO_NAMESPACE, ISTIO_NODE_NAMESPACE } from '../../platform/mesh/values';
import { KAFKA_NAMESPACE } from '../events/names';

/**
 * Names an app may not take: its name is its namespace and its folder under generated/<cluster>/, so these
 * would put an app's default-deny NetworkPolicy and restricted Pod Security labels on a namespace the
 * platform or Kubernetes owns, or collide with a platform unit's folder. test/project/reserved-names.test.ts
 * checks the list against every namespace and folder the platform really generates.
 */
const PLATFORM_NAMES: ReadonlyMap<string, string> = new Map([
  [ARGOCD_FOLDER, "Argo CD's namespace and folder"],
  [DEFAULTS.monitoringNamespace, "the monitoring component's namespace"],
  [ALLOY_NAMESPACE, "Grafana Alloy's namespace"],
  [CERT_MANAGER_NAMESPACE, "cert-manager's namespace"],
  [LOCAL_SECRETS_NAMESPACE, "the namespace of a local cluster's secrets (docs/local.md)"],
  [OPENCOST_NAMESPACE, "OpenCost's namespace"],
  [RESTORE_DRILL_NAMESPACE, "the backup restore drill's scratch namespace"],
  [ARGO_ROLLOUTS_NAMESPACE, "Argo Rollouts' namespace"],
  [ISTIO_NAMESPACE, "istiod's namespace (the mesh's root namespace)"],
  [ISTIO_NODE_NAMESPACE, 'the namespace of the privileged mesh node agents (istio-cni, ztunnel)'],
  [KAFKA_NAMESPACE, "the event bus's namespace (Strimzi and Kafka)"],
  ...PLATFORM_ROLES.map((role): [string, string] => [platformServiceAccount(role).namespace, `${role}'s namespace`]),
  // Last, so a component whose namespace has its name is described as the component.
  ...Object.values(PlatformComponent).map((component): [string, string] => [
    component,
    "a platform component's folder (and namespace)",
  ]),
]);

/** Why `name` cannot be an app's name, or undefined when it can. */
export function reservedNameProblem(name: string): string | undefined {
  if (name === 'default') return `"default" is Kubernetes' default namespace; choose another name`;
  if (name.startsWith('kube-'))
    return `names starting with "kube-" belong to Kubernetes (kube-system...); choose another name`;
  const owner = PLATFORM_NAMES.get(name);
  return owner === undefined ? undefined : `"${name}" is reserved: it is ${owner}; choose another name`;
}

/** Every reserved name but the kube- prefix, for tests and messages. */
export const RESERVED_APP_NAMES: readonly string[] = ['default', ...PLATFORM_NAMES.keys()];
