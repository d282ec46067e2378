import { describe, expect, it } from 'vitest';
import { resolveApp, resolveCluster, stagingCluster, webService, worker } from '../platform/fixtures';
import type { AppSpec } from '../../lib/model/app-spec';
import type { AwsClusterDefinition, ClusterDefinition } from '../../lib/model/cluster';
import { problemsOf } from '../support/project';

const withRollouts = (overrides: Partial<AwsClusterDefinition> = {}): ClusterDefinition => {
  const base = stagingCluster();
  return { ...base, platform: { ...base.platform, rollouts: { controllerReplicas: 1 } }, ...overrides };
};

function problems(definition: ClusterDefinition, specs: AppSpec[]): string[] {
  return problemsOf(() => resolveCluster(definition, specs));
}

describe('delivery and smoke checks', () => {
  it('refuses a canary on a cluster without Argo Rollouts, naming both ways out', () => {
    expect(problems(stagingCluster(), [webService({ delivery: { strategy: 'canary' } })])).toEqual([
      `apps/gateway/index.ts: cluster "staging", app "gateway": delivery: canary delivery needs Argo Rollouts, which cluster "staging" does not run; add platform.rollouts: { controllerReplicas: 1 } to clusters/staging.ts, or keep the rolling update here with apps.gateway.delivery: { strategy: 'rollingUpdate' }`,
    ]);
  });

  it('lets a cluster without Rollouts keep the rolling update of an app that asks for a canary', () => {
    const definition = { ...stagingCluster(), apps: { gateway: { delivery: { strategy: 'rollingUpdate' as const } } } };
    expect(resolveApp(definition, webService({ delivery: { strategy: 'canary' } })).delivery).toBeUndefined();
  });

  it('refuses delivery on a worker and bad canary steps in the app terms', () => {
    expect(
      problems(withRollouts(), [
        webService({ delivery: { strategy: 'canary', steps: [50, 20, 90], pauseMinutes: -1 } }),
        worker({ delivery: { strategy: 'blueGreen' } }),
      ]),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": delivery.steps[1]: 20 does not increase on the step before (50); steps must increase strictly, for example [10, 50, 100]',
      'apps/gateway/index.ts: app "gateway": delivery.steps: the last step must be 100 (the new version takes all the traffic), got 90; for example [10, 50, 100]',
      'apps/gateway/index.ts: app "gateway": delivery.pauseMinutes: -1 must be an integer of at least 0',
      'apps/worker/index.ts: app "worker": delivery: blueGreen delivery shifts a Service\'s traffic; only web services have one, and this app is a worker (remove delivery)',
    ]);
  });

  it('names the strategy and the fields a misspelled or foreign field belongs to', () => {
    expect(
      problems(withRollouts(), [
        webService({ delivery: { strategy: 'canary', previewHost: 'x', pauseMinute: 1 } as never }),
        webService({ name: 'web', ingress: { host: 'www' }, delivery: { strategy: 'linear' } as never }),
      ]),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": delivery.previewHost: not a field of the canary strategy; its fields: strategy, steps, pauseMinutes',
      'apps/gateway/index.ts: app "gateway": delivery.pauseMinute: not a field of the canary strategy (did you mean "pauseMinutes"?); its fields: strategy, steps, pauseMinutes',
      'apps/web/index.ts: app "web": delivery.strategy: "linear" is not a delivery strategy; use one of "rollingUpdate", "canary", "blueGreen"',
    ]);
  });

  it('refuses a preview host another app already serves', () => {
    expect(
      problems(withRollouts(), [
        webService({ delivery: { strategy: 'blueGreen', previewHost: 'www' } }),
        webService({ name: 'web', ingress: { host: 'www' } }),
      ]),
    ).toEqual([
      'apps/web/index.ts: cluster "staging", app "web": ingress.host: host and path "www.staging.example.com/" are already claimed by app "gateway" (apps/gateway/index.ts) in this cluster; give each app its own host or path',
    ]);
  });

  it('merges a cluster override of the same strategy key by key, so staging can drop the pauses', () => {
    const definition = withRollouts({ apps: { gateway: { delivery: { strategy: 'canary', pauseMinutes: 0 } } } });
    const app = resolveApp(
      definition,
      webService({ delivery: { strategy: 'canary', steps: [20, 100], pauseMinutes: 10 } }),
    );
    expect(app.delivery).toEqual({ strategy: 'canary', steps: [20, 100], pauseMinutes: 0 });
  });

  it('fills in the canary defaults and qualifies the preview host', () => {
    expect(resolveApp(withRollouts(), webService({ delivery: { strategy: 'canary' } })).delivery).toEqual({
      strategy: 'canary',
      steps: [10, 50, 100],
      pauseMinutes: 5,
    });
    expect(
      resolveApp(withRollouts(), webService({ delivery: { strategy: 'blueGreen', previewHost: 'preview-api' } }))
        .delivery,
    ).toEqual({ strategy: 'blueGreen', previewHost: 'preview-api.staging.example.com' });
  });

  it('refuses smoke tests that mix kinds, call a missing port or run on a worker by HTTP', () => {
    expect(
      problems(withRollouts(), [
        webService({ smoke: { path: 'health', expectStatus: 700, port: 'admin' } }),
        webService({ name: 'web', ingress: { host: 'www' }, smoke: { path: '/x', image: 'y:1' } as never }),
        worker({ smoke: { path: '/x' } }),
      ]),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": smoke.path: "health" must be a path starting with "/"',
      'apps/gateway/index.ts: app "gateway": smoke.expectStatus: 700 is not an HTTP status code (100-599)',
      'apps/gateway/index.ts: app "gateway": smoke.port: no port named "admin"; the app\'s ports are: http',
      'apps/web/index.ts: app "web": smoke: give either an HTTP check { path: "/healthz", expectStatus: 200 } or a command { command: ["npm", "run", "smoke"], image: "<image>" }',
      'apps/worker/index.ts: app "worker": smoke.path: an HTTP smoke test calls the app\'s Service; this app is a worker (use a command)',
    ]);
  });
});
