import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp, ResolvedSmoke } from '../model/resolved-app';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../../platform/shared/argocd';
import { appLabels } from './labels';
import { objectNames } from './object-names';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-template';
import { ROLLOUTS_API_VERSION } from './rollout';

/** `app.kubernetes.io/name` of smoke test pods: not the app's, so no Service, PDB or policy of the app selects them. */
export function smokeName(app: ResolvedApp): string {
  return `${app.name}-smoke`;
}

/** The URL of the Service a smoke test calls (the canary's, the preview's, or the app's own). */
export function smokeUrl(app: ResolvedApp, service: string): string {
  const smoke = app.smoke;
  const port = app.ports.find((candidate) => candidate.name === (smoke?.kind === 'http' ? smoke.port : undefined));
  const target = port ?? app.ports[0];
  const path = smoke?.kind === 'http' ? smoke.path : '/';
  return `http://${service}.${app.name}.svc.cluster.local:${target?.port ?? 80}${path}`;
}

/**
 * The Job spec of a smoke test against one Service: an HTTP check (curl, a few retries, the status compared with
 * `expectStatus`) or the app's own command with `SMOKE_URL` set (web services). Restricted like the app's pods, with resource
 * limits, no retries of a failed test (the failure is the answer), a deadline and a TTL.
 */
export function smokeJobSpec(app: ResolvedApp, smoke: ResolvedSmoke, service: string | undefined): k8s.JobSpec {
  const url = service === undefined ? undefined : smokeUrl(app, service);
  const check =
    smoke.kind === 'http' && url !== undefined
      ? {
          command: ['sh', '-c', HTTP_CHECK],
          env: [
            { name: 'SMOKE_URL', value: url },
            { name: 'SMOKE_EXPECT_STATUS', value: String(smoke.expectStatus) },
          ],
        }
      : {
          command: smoke.kind === 'command' ? [...smoke.command] : [],
          ...(url === undefined ? {} : { env: [{ name: 'SMOKE_URL', value: url }] }),
        };
  return {
    backoffLimit: 0,
    activeDeadlineSeconds: DEFAULTS.smokeTimeoutSeconds,
    ttlSecondsAfterFinished: DEFAULTS.smokeTtlSecondsAfterFinished,
    template: {
      metadata: {
        labels: {
          ...appLabels(app),
          'app.kubernetes.io/name': smokeName(app),
          'app.kubernetes.io/instance': smokeName(app),
        },
      },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: objectNames.workload(app),
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        containers: [
          {
            name: 'smoke',
            image: smoke.image,
            imagePullPolicy: 'IfNotPresent',
            ...check,
            resources: {
              requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
              limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('256Mi') },
            },
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${DEFAULTS.tmpSizeLimitMi}Mi`) } }],
      },
    },
  };
}

/** curl's status code against the expected one; curl retries connection errors while the pods come up. */
const HTTP_CHECK =
  'code=$(curl --silent --show-error --output /dev/null --write-out "%{http_code}" --max-time 10 ' +
  '--retry 5 --retry-connrefused --retry-delay 3 "$SMOKE_URL") || code="no answer"; ' +
  'echo "GET $SMOKE_URL: $code (expected $SMOKE_EXPECT_STATUS)"; [ "$code" = "$SMOKE_EXPECT_STATUS" ]';

/** The AnalysisTemplate of a Rollout's smoke test, and the Rollout's reference to it. */
export function smokeAnalysisName(app: ResolvedApp): string {
  return smokeName(app);
}

export function smokeAnalysisRef(app: ResolvedApp): Record<string, unknown> {
  return { templates: [{ templateName: smokeAnalysisName(app) }] };
}

export interface SmokeTestProps {
  readonly app: ResolvedApp;
  readonly smoke: ResolvedSmoke;
  /** The Service the test calls (`SMOKE_URL`). @default none: a worker has no Service */
  readonly service?: string;
}

/**
 * A Rollout's smoke test: an AnalysisTemplate whose one metric is the Job. The Job failing fails the analysis,
 * which aborts the rollout (canary) or keeps the preview from being promoted (blue-green).
 */
export class SmokeAnalysisTemplate extends Construct {
  constructor(scope: Construct, id: string, props: SmokeTestProps) {
    super(scope, id);
    const { app, smoke, service } = props;
    new ApiObject(this, 'template', {
      apiVersion: ROLLOUTS_API_VERSION,
      kind: 'AnalysisTemplate',
      metadata: {
        name: smokeAnalysisName(app),
        namespace: app.name,
        labels: appLabels(app),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: {
        metrics: [
          {
            name: 'smoke',
            count: 1,
            failureLimit: 0,
            provider: { job: { spec: k8s.toJson_JobSpec(smokeJobSpec(app, smoke, service)) } },
          },
        ],
      },
    });
  }
}

/**
 * The smoke test of an app without a Rollout: an Argo CD PostSync hook, run after every sync once the app is
 * healthy. A failed test fails the sync operation: the app's `on-sync-failed` notification (Slack, and an error
 * commit status the promotion gate refuses) reports it. The previous Job is replaced at the next sync.
 */
export class SmokeHookJob extends Construct {
  constructor(scope: Construct, id: string, props: SmokeTestProps) {
    super(scope, id);
    const { app, smoke, service } = props;
    new k8s.KubeJob(this, 'job', {
      metadata: {
        name: smokeName(app),
        namespace: app.name,
        labels: appLabels(app),
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        },
      },
      spec: smokeJobSpec(app, smoke, service),
    });
  }
}
