import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSpec } from '../../lib/model/app-spec';
import { webService, worker } from '../platform/fixtures';
import {
  folderObjects,
  type Obj,
  oneAppPerStrategy,
  rolloutsCluster,
  synthFixture,
  validateFixtureCluster,
} from '../support/delivery';
import { removeTempTrees, tempTree } from '../support/temp-tree';

afterEach(removeTempTrees);

const smoke = { path: '/ready', expectStatus: 204 };
const canary = (overrides: Partial<AppSpec> = {}) =>
  webService({ delivery: { strategy: 'canary', pauseMinutes: 5 }, smoke, ...overrides });
const blueGreen = () => webService({ delivery: { strategy: 'blueGreen' }, smoke });

function objectsOf(spec: AppSpec): Map<string, Obj> {
  return folderObjects(synthFixture(rolloutsCluster(), [spec]), spec.name);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Job = any;

/** The Service a smoke Job calls, read back from its SMOKE_URL. */
function calledService(job: Job): { service: string; port: number; path: string } {
  const url = new URL(job.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'SMOKE_URL').value);
  return { service: url.hostname.split('.')[0]!, port: Number(url.port), path: url.pathname };
}

function expectRestricted(job: Job): void {
  expect(job).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 3600, activeDeadlineSeconds: 120 });
  const pod = job.template.spec;
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.automountServiceAccountToken).toBe(false);
  const [container] = pod.containers;
  expect(container.securityContext).toEqual({
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(container.resources.limits).toEqual({ cpu: '500m', memory: '256Mi' });
}

describe('smoke tests', () => {
  it('test the canary before it gets traffic: one pod at weight 0, the test, then the weights', () => {
    const objects = objectsOf(canary());
    const rollout = objects.get('Rollout/gateway')!;
    const steps = rollout.spec.strategy.canary.steps;
    expect(steps.slice(0, 4)).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { analysis: { templates: [{ templateName: 'gateway-smoke' }] } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 10 },
    ]);
    const template = objects.get('AnalysisTemplate/gateway-smoke')!;
    const job = template.spec.metrics[0].provider.job.spec;
    const called = calledService(job);
    expect(called.service).toBe(rollout.spec.strategy.canary.canaryService);
    const service = objects.get(`Service/${called.service}`)!;
    expect(service.spec.ports.map((port: { port: number }) => port.port)).toContain(called.port);
    expect(called.path).toBe('/ready');
    expect(job.template.spec.containers[0].env).toContainEqual({ name: 'SMOKE_EXPECT_STATUS', value: '204' });
    expectRestricted(job);
  });

  it('gate the switch of a blue-green: the preview is tested before promotion', () => {
    const objects = objectsOf(blueGreen());
    const strategy = objects.get('Rollout/gateway')!.spec.strategy.blueGreen;
    expect(strategy.prePromotionAnalysis).toEqual({ templates: [{ templateName: 'gateway-smoke' }] });
    const job = objects.get('AnalysisTemplate/gateway-smoke')!.spec.metrics[0].provider.job.spec;
    expect(calledService(job).service).toBe(strategy.previewService);
  });

  it('run as an Argo CD PostSync hook for an app without a Rollout', () => {
    const objects = objectsOf(webService({ smoke }));
    const job = objects.get('Job/gateway-smoke')!;
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(calledService(job.spec).service).toBe('gateway');
    expectRestricted(job.spec);
    const commandTest = objectsOf(worker({ smoke: { command: ['/bin/check'], image: 'ghcr.io/acme/check:1.0.0' } }));
    const workerJob = commandTest.get('Job/worker-smoke')!.spec.template.spec.containers[0];
    expect(workerJob).toMatchObject({ image: 'ghcr.io/acme/check:1.0.0', command: ['/bin/check'] });
    expect(workerJob.env).toBeUndefined();
  });

  it('are let through the network policies, and their pods are not the app pods', () => {
    const objects = objectsOf(canary());
    const jobPod = objects.get('AnalysisTemplate/gateway-smoke')!.spec.metrics[0].provider.job.spec.template;
    const labels = jobPod.metadata.labels as Record<string, string>;
    const app = objects.get('NetworkPolicy/gateway')!;
    const matches = (selector: Record<string, string>, on: Record<string, string>) =>
      Object.entries(selector).every(([key, value]) => on[key] === value);
    expect(matches(app.spec.podSelector.matchLabels, labels)).toBe(false);
    expect(matches(objects.get('PodDisruptionBudget/gateway')!.spec.selector.matchLabels, labels)).toBe(false);
    const admitted = app.spec.ingress.some((rule: Job) =>
      rule.from.some((peer: Job) => peer.podSelector !== undefined && matches(peer.podSelector.matchLabels, labels)),
    );
    expect(admitted).toBe(true);
    const own = objects.get('NetworkPolicy/gateway-smoke')!;
    expect(matches(own.spec.podSelector.matchLabels, labels)).toBe(true);
    const rollout = objects.get('Rollout/gateway')!;
    expect(
      own.spec.egress.some((rule: Job) =>
        (rule.to ?? []).some(
          (peer: Job) =>
            peer.podSelector !== undefined &&
            matches(peer.podSelector.matchLabels, rollout.spec.template.metadata.labels),
        ),
      ),
    ).toBe(true);
  });

  it('pass every validate rule with each strategy, and as a worker command', async () => {
    const command = { command: ['/bin/check'], image: 'ghcr.io/acme/check:1.0.0' };
    const specs = [...oneAppPerStrategy(webService, { smoke }), worker({ smoke: command })];
    expect(await validateFixtureCluster(rolloutsCluster(), specs)).toEqual([]);
  });

  /** Runs the HTTP check's shell script with a `curl` that answers `answer` (or fails to connect). */
  function runCheck(answer: string | undefined, expectStatus: string): number {
    const job = objectsOf(webService({ smoke })).get('Job/gateway-smoke')!.spec;
    const container = job.template.spec.containers[0];
    const bin = tempTree({
      curl:
        answer === undefined ? '#!/bin/sh\necho "connection refused" >&2\nexit 7\n' : `#!/bin/sh\nprintf '${answer}'\n`,
    });
    chmodSync(join(bin, 'curl'), 0o755);
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const run = spawnSync(container.command[0], container.command.slice(1), {
      env: { PATH: `${bin}:/usr/bin:/bin`, ...env, SMOKE_EXPECT_STATUS: expectStatus },
      encoding: 'utf8',
    });
    return run.status ?? -1;
  }

  it('the HTTP check passes on the expected status only, and fails when nothing answers', () => {
    expect(runCheck('204', '204')).toBe(0);
    expect(runCheck('200', '204')).toBe(1);
    expect(runCheck('503', '204')).toBe(1);
    expect(runCheck(undefined, '204')).toBe(1);
  });
});
