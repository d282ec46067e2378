/**
 * API versions Kubernetes stopped serving, with the version that replaces them (from the upstream deprecated
 * API migration guide). Versions that disappear between the schema sets we hold are found from the schemas
 * themselves; this table covers the well-known older removals, whose schemas no longer exist anywhere.
 */
interface RemovedApi {
  readonly removedIn: string;
  readonly replacement: string;
}

const REMOVED: Readonly<Record<string, RemovedApi>> = {
  'extensions/v1beta1 Deployment': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 DaemonSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 ReplicaSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'extensions/v1beta1 NetworkPolicy': { removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  'extensions/v1beta1 Ingress': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'apps/v1beta1 Deployment': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta1 StatefulSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2 Deployment': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2 StatefulSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2 DaemonSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2 ReplicaSet': { removedIn: '1.16', replacement: 'apps/v1' },
  'networking.k8s.io/v1beta1 Ingress': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'networking.k8s.io/v1beta1 IngressClass': { removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1 Role': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1 RoleBinding': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1 ClusterRole': { removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding': {
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition': {
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
  },
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration': {
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration': {
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  'scheduling.k8s.io/v1beta1 PriorityClass': { removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  'coordination.k8s.io/v1beta1 Lease': { removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  'storage.k8s.io/v1beta1 StorageClass': { removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1 CSIDriver': { removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1 CSINode': { removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1 VolumeAttachment': { removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1 CSIStorageCapacity': { removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  'batch/v1beta1 CronJob': { removedIn: '1.25', replacement: 'batch/v1' },
  'policy/v1beta1 PodDisruptionBudget': { removedIn: '1.25', replacement: 'policy/v1' },
  'policy/v1beta1 PodSecurityPolicy': { removedIn: '1.25', replacement: 'Pod Security Admission namespace labels' },
  'autoscaling/v2beta1 HorizontalPodAutoscaler': { removedIn: '1.25', replacement: 'autoscaling/v2' },
  'autoscaling/v2beta2 HorizontalPodAutoscaler': { removedIn: '1.26', replacement: 'autoscaling/v2' },
  'discovery.k8s.io/v1beta1 EndpointSlice': { removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1 Event': { removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1 RuntimeClass': { removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema': {
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration': {
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema': {
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration': {
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
};

export function knownRemoval(apiVersion: string, kind: string): RemovedApi | undefined {
  return REMOVED[`${apiVersion} ${kind}`];
}

const STABILITY = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Orders API versions from most to least preferred: GA before beta before alpha, higher numbers first. */
export function compareApiVersions(a: string, b: string): number {
  const rank = (version: string): [number, number, number] => {
    const match = STABILITY.exec(version);
    if (match === null) return [-1, 0, 0];
    const stage = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
    return [stage, Number(match[1]), Number(match[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (y[i] ?? 0) - (x[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
