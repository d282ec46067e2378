import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-33';
import { WorkloadKind } from '../model/app-spec';
import { DEFAULTS } from '../model/defaults';
import type { NodePool } from '../model/platform-settings';
import { NODE_POOL_LABEL, nodePoolTaint } from '../../platform/karpenter/node-pools';
import { otelEnvironment } from '../../platform/tracing/otel-environment';
import type { ResolvedApp, ResolvedProbe } from '../model/resolved-app';
import { selectorLabels, workloadLabels } from './labels';
import { objectNames } from './object-names';
import { kafkaSecretEnv } from '../events/connection';
import { kafkaCredentialsSecret } from '../events/names';
import { byCodePoint } from '../order';

const TMP_VOLUME = 'tmp';

/**
 * The pod template every workload kind shares. It meets the Pod Security Standards "restricted" profile:
 * non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp and a read-only root
 * filesystem with a small writable /tmp.
 */
export function podTemplate(
  app: ResolvedApp,
  options: { readonly restartPolicy?: string; readonly hashLabel?: string } = {},
): k8s.PodTemplateSpec {
  // Spread each revision on its own: a Deployment's ReplicaSets label pods `pod-template-hash`, a Rollout's
  // `rollouts-pod-template-hash` (options.hashLabel).
  const spread = (topologyKey: string): k8s.TopologySpreadConstraint => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selectorLabels(app) },
    ...(app.kind === 'cron-job' ? {} : { matchLabelKeys: [options.hashLabel ?? 'pod-template-hash'] }),
  });
  return {
    metadata: {
      labels: workloadLabels(app),
      // A config change must roll the pods: the ConfigMap keeps its readable name, the hash lives here.
      ...(Object.keys(app.config).length === 0
        ? {}
        : { annotations: { 'checksum/config': configChecksum(app.config) } }),
    },
    spec: {
      serviceAccountName: objectNames.workload(app),
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: DEFAULTS.terminationGracePeriodSeconds,
      ...(options.restartPolicy === undefined ? {} : { restartPolicy: options.restartPolicy }),
      securityContext: restrictedPodSecurityContext(),
      containers: [container(app)],
      volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(`${DEFAULTS.tmpSizeLimitMi}Mi`) } }],
      topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
      ...nodePoolPlacement(app.nodePool),
    },
  };
}

/** The pod-level half of the "restricted" profile, for every pod the generator renders. */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: DEFAULTS.runAsUser,
    runAsGroup: DEFAULTS.runAsUser,
    fsGroup: DEFAULTS.runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container-level half: no privilege escalation, no capabilities, read-only root filesystem. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A tainted pool's node selector and toleration; the general pool needs neither (it is the only untainted one). */
function nodePoolPlacement(pool: NodePool): Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations'> {
  const taint = nodePoolTaint(pool);
  if (taint === undefined) return {};
  return {
    nodeSelector: { [NODE_POOL_LABEL]: pool },
    tolerations: [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }],
  };
}

function container(app: ResolvedApp): k8s.Container {
  const { cpuRequestMilli, cpuLimitMilli, memoryRequestMi, memoryLimitMi } = app.resources;
  const secretEnv = [
    ...Object.keys(app.secrets).map((name) => ({ name, secret: objectNames.secret(app) })),
    // The app's Kafka credentials (docs/events.md), keyed by variable name like its own secrets.
    ...(app.events === undefined
      ? []
      : kafkaSecretEnv(app.name).map(({ env }) => ({ name: env, secret: kafkaCredentialsSecret(app.name) }))),
  ]
    .sort((a, b) => byCodePoint(a.name, b.name))
    .map(({ name, secret }) => ({ name, valueFrom: { secretKeyRef: { name: secret, key: name } } }));
  const tracingEnv = otelEnvironment(app);
  return {
    name: app.name,
    image: app.image,
    imagePullPolicy: 'IfNotPresent',
    ...(app.command === undefined ? {} : { command: [...app.command] }),
    ...(app.args === undefined ? {} : { args: [...app.args] }),
    ...(app.ports.length === 0
      ? {}
      : { ports: app.ports.map((port) => ({ name: port.name, containerPort: port.port, protocol: 'TCP' })) }),
    ...(Object.keys(app.config).length === 0 ? {} : { envFrom: [{ configMapRef: { name: objectNames.config(app) } }] }),
    ...(secretEnv.length + tracingEnv.length === 0 ? {} : { env: [...secretEnv, ...tracingEnv] }),
    resources: {
      requests: {
        cpu: k8s.Quantity.fromString(`${cpuRequestMilli}m`),
        memory: k8s.Quantity.fromString(`${memoryRequestMi}Mi`),
      },
      limits: {
        ...(cpuLimitMilli === undefined ? {} : { cpu: k8s.Quantity.fromString(`${cpuLimitMilli}m`) }),
        memory: k8s.Quantity.fromString(`${memoryLimitMi}Mi`),
      },
    },
    ...(app.kind === WorkloadKind.WEB_SERVICE
      ? { lifecycle: { preStop: { sleep: { seconds: DEFAULTS.preStopSleepSeconds } } } }
      : {}),
    ...probe('livenessProbe', app.probes.liveness),
    ...probe('readinessProbe', app.probes.readiness),
    ...probe('startupProbe', app.probes.startup),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: TMP_VOLUME, mountPath: '/tmp' }],
  };
}

function probe(key: string, given: ResolvedProbe | undefined): Record<string, k8s.Probe> {
  if (given === undefined) return {};
  return {
    [key]: {
      httpGet: { path: given.path, port: k8s.IntOrString.fromString(given.port) },
      periodSeconds: given.periodSeconds,
      failureThreshold: given.failureThreshold,
      ...(given.initialDelaySeconds === 0 ? {} : { initialDelaySeconds: given.initialDelaySeconds }),
    },
  };
}

function configChecksum(config: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(
    Object.keys(config)
      .sort()
      .map((key) => [key, config[key]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}
