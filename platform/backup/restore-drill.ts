import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { platformLabels } from '../shared/labels';
import { podSecurityLabels } from '../../lib/render/labels';

/** The scratch namespace the drill restores into: nothing else lives there. */
export const RESTORE_DRILL_NAMESPACE = 'restore-drill';

/** The drill's CronJob, service account, RBAC and its Restore object share this name. */
export const RESTORE_DRILL = 'restore-drill';

/** The ConfigMap every backup carries and the drill restores: the proof that a backup can be read back. */
export const RESTORE_DRILL_CANARY = 'restore-drill-canary';

/** Label that picks the canary out of a backup. */
export const RESTORE_DRILL_CANARY_LABEL = 'platform.acme.io/restore-drill';

/** When the drill runs (UTC): once a day, after the night's backups. */
export const RESTORE_DRILL_SCHEDULE = '15 5 * * *';

/** How long the restore may take before the drill counts as failed. */
const RESTORE_TIMEOUT = '30m';

/** The kubectl image of the cluster's Kubernetes minor (registry.k8s.io publishes one per release). */
export function kubectlImage(cluster: ClusterDefinition): string {
  return `registry.k8s.io/kubectl:v${cluster.kubernetesVersion}.0`;
}

/** The canary's content: what the drill expects to find in the restored copy. */
export function canaryValue(cluster: ClusterDefinition): string {
  return `backup-of-${cluster.name}`;
}

/**
 * The Restore the drill creates: the canary ConfigMap of the newest successful backup of `schedule`, from the
 * velero namespace into the scratch namespace. Nothing cluster-scoped and no volumes are restored, so the drill
 * cannot touch a running workload.
 */
export function drillRestore(schedule: string): Record<string, unknown> {
  const velero = platformServiceAccount('velero').namespace;
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: RESTORE_DRILL, namespace: velero },
    spec: {
      scheduleName: schedule,
      includedNamespaces: [velero],
      includedResources: ['configmaps'],
      includeClusterResources: false,
      labelSelector: { matchLabels: { [RESTORE_DRILL_CANARY_LABEL]: 'canary' } },
      namespaceMapping: { [velero]: RESTORE_DRILL_NAMESPACE },
      restorePVs: false,
    },
  };
}

export interface RestoreDrillProps {
  readonly cluster: ClusterDefinition;
  /** The schedule whose newest backup the drill restores. */
  readonly schedule: string;
}

/**
 * A daily restore drill: a CronJob that restores the canary ConfigMap from the newest backup into the scratch
 * namespace and checks its content, with RBAC for exactly that. Each step is one kubectl command (the image has no
 * shell), so the steps are init containers that run in order:
 *
 * 1. delete the previous drill's Restore (Velero refuses to reuse a name) and 2. the previous restored canary;
 * 3. create the Restore; 4. wait until Velero reports it `Completed` (PartiallyFailed or Failed never match, so
 * the step times out and fails); 5. (the main container) wait until the restored canary holds the expected value.
 *
 * A failed drill fails the Job; BackupRestoreDrillFailing (backup-rules.ts) alerts when no drill succeeded for a day.
 */
export class RestoreDrill extends Construct {
  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    const { cluster } = props;
    const velero = platformServiceAccount('velero').namespace;
    const labels = platformLabels(PlatformComponent.BACKUP);

    new ApiObject(this, 'canary', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: RESTORE_DRILL_CANARY,
        namespace: velero,
        labels: { ...labels, [RESTORE_DRILL_CANARY_LABEL]: 'canary' },
      },
      data: { canary: canaryValue(cluster) },
    });
    new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: RESTORE_DRILL_NAMESPACE,
        labels: {
          ...labels,
          ...podSecurityLabels(cluster.kubernetesVersion),
        },
      },
    });
    new ApiObject(this, 'restore', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: RESTORE_DRILL, namespace: velero, labels },
      data: { 'restore.yaml': stringify(drillRestore(props.schedule)) },
    });
    new ApiObject(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: RESTORE_DRILL, namespace: velero, labels },
      automountServiceAccountToken: false,
    });
    // Velero's namespace: create Restores, and read or delete only the drill's own.
    this.roleWithBinding(RESTORE_DRILL, velero, [
      { apiGroups: ['velero.io'], resources: ['restores'], verbs: ['create'] },
      {
        apiGroups: ['velero.io'],
        resources: ['restores'],
        resourceNames: [RESTORE_DRILL],
        verbs: ['get', 'list', 'watch', 'delete'],
      },
    ]);
    // The scratch namespace: only the restored canary.
    this.roleWithBinding(`${RESTORE_DRILL}-verify`, RESTORE_DRILL_NAMESPACE, [
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: [RESTORE_DRILL_CANARY],
        verbs: ['get', 'list', 'watch', 'delete'],
      },
    ]);

    const kubectl = (name: string, args: string[]) => ({
      name,
      image: kubectlImage(cluster),
      args,
      env: [{ name: 'HOME', value: '/tmp' }],
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'restore', mountPath: '/drill', readOnly: true },
      ],
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      },
      resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    });
    const restore = `restores.velero.io/${RESTORE_DRILL}`;
    const canary = `configmap/${RESTORE_DRILL_CANARY}`;
    new ApiObject(this, 'cron-job', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: RESTORE_DRILL, namespace: velero, labels },
      spec: {
        schedule: RESTORE_DRILL_SCHEDULE,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            // A failed drill is a finding, not something to retry until it passes.
            backoffLimit: 0,
            activeDeadlineSeconds: 3600,
            ttlSecondsAfterFinished: 7 * 86400,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: RESTORE_DRILL,
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 65532,
                  runAsGroup: 65532,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                initContainers: [
                  kubectl('delete-previous-restore', ['delete', restore, '-n', velero, '--ignore-not-found', '--wait']),
                  kubectl('delete-previous-canary', [
                    'delete',
                    canary,
                    '-n',
                    RESTORE_DRILL_NAMESPACE,
                    '--ignore-not-found',
                    '--wait',
                  ]),
                  kubectl('create-restore', ['create', '-f', '/drill/restore.yaml']),
                  kubectl('wait-for-restore', [
                    'wait',
                    restore,
                    '-n',
                    velero,
                    '--for=jsonpath={.status.phase}=Completed',
                    `--timeout=${RESTORE_TIMEOUT}`,
                  ]),
                ],
                containers: [
                  kubectl('verify-canary', [
                    'wait',
                    canary,
                    '-n',
                    RESTORE_DRILL_NAMESPACE,
                    `--for=jsonpath={.data.canary}=${canaryValue(cluster)}`,
                    '--timeout=2m',
                  ]),
                ],
                volumes: [
                  { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
                  { name: 'restore', configMap: { name: RESTORE_DRILL } },
                ],
              },
            },
          },
        },
      },
    });
  }

  /** A Role and its binding to the drill's service account; names differ per namespace (one file per name and kind). */
  private roleWithBinding(name: string, namespace: string, rules: Record<string, unknown>[]): void {
    const labels = platformLabels(PlatformComponent.BACKUP);
    new ApiObject(this, `${name}-role`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace, labels },
      rules,
    });
    new ApiObject(this, `${name}-role-binding`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [
        { kind: 'ServiceAccount', name: RESTORE_DRILL, namespace: platformServiceAccount('velero').namespace },
      ],
    });
  }
}
