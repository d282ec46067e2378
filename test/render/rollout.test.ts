import { afterEach, describe, expect, it } from 'vitest';
import type { AppSpec } from '../../lib/model/app-spec';
import { webService } from '../platform/fixtures';
import {
  folderObjects,
  type Obj,
  oneAppPerStrategy,
  rolloutsCluster,
  synthFixture,
  validateFixtureCluster,
} from '../support/delivery';
import { strictSchema } from '../support/schemas';
import { removeTempTrees } from '../support/temp-tree';

afterEach(removeTempTrees);

const canary = (overrides: Partial<AppSpec> = {}): AppSpec =>
  webService({ delivery: { strategy: 'canary', steps: [10, 50, 100], pauseMinutes: 5 }, ...overrides });
const blueGreen = (overrides: Partial<AppSpec> = {}): AppSpec =>
  webService({ delivery: { strategy: 'blueGreen', previewHost: 'preview-api' }, ...overrides });

function app(spec: AppSpec, cluster = rolloutsCluster()): Map<string, Obj> {
  return folderObjects(synthFixture(cluster, [spec]), spec.name);
}

function get(objects: Map<string, Obj>, key: string): Obj {
  const found = objects.get(key);
  if (found === undefined) throw new Error(`no ${key}; rendered: ${[...objects.keys()].join(', ')}`);
  return found;
}

/** Whether a Service's selector picks the pods of a pod template. */
function selects(service: Obj, template: { metadata: { labels: Record<string, string> } }): boolean {
  return Object.entries(service.spec.selector as Record<string, string>).every(
    ([key, value]) => template.metadata.labels[key] === value,
  );
}

describe('Rollout rendering', () => {
  it('canary, blue-green and rolling-update apps of a production-shaped cluster pass every validate rule', async () => {
    expect(await validateFixtureCluster(rolloutsCluster(), oneAppPerStrategy(webService))).toEqual([]);
  });

  it('is checked against the Rollout CRD schema strictly: an unknown or misplaced field fails', async () => {
    const rollout = structuredClone(get(app(canary()), 'Rollout/gateway'));
    rollout.spec.strategy.canary.trafficRouting.alb.rootServcie = 'gateway';
    rollout.spec.template.spec.containers[0].securityContext.privileged = 'yes';
    expect(await strictSchema('1.34')(rollout)).toEqual([
      expect.stringMatching(/trafficRouting\.alb.*rootServcie/),
      expect.stringMatching(/securityContext\.privileged/),
    ]);
  });

  it('replaces the Deployment by a Rollout with the same pod template, spread per Rollout revision', () => {
    const config = { LOG_LEVEL: 'info' };
    const rolling = get(app(webService({ config })), 'Deployment/gateway');
    const objects = app(canary({ config }));
    expect(objects.has('Deployment/gateway')).toBe(false);
    const rollout = get(objects, 'Rollout/gateway');
    const expected = structuredClone(rolling.spec.template);
    for (const spread of expected.spec.topologySpreadConstraints)
      spread.matchLabelKeys = ['rollouts-pod-template-hash'];
    expect(rollout.spec.template).toEqual(expected);
    expect(rollout.spec.template.metadata.annotations['checksum/config']).toBeDefined();
    expect(rollout.spec.selector).toEqual(rolling.spec.selector);
    expect(rollout.spec).toMatchObject({ progressDeadlineAbort: true, revisionHistoryLimit: 5 });
  });

  it('keeps the HPA (aimed at the Rollout) and the PDB, and leaves replicas to the HPA', () => {
    const objects = app(canary());
    const rollout = get(objects, 'Rollout/gateway');
    expect(rollout.spec.replicas).toBeUndefined();
    expect(get(objects, 'HorizontalPodAutoscaler/gateway').spec.scaleTargetRef).toEqual({
      apiVersion: rollout.apiVersion,
      kind: 'Rollout',
      name: rollout.metadata.name,
    });
    const budget = get(objects, 'PodDisruptionBudget/gateway');
    expect(selects({ spec: { selector: budget.spec.selector.matchLabels } } as Obj, rollout.spec.template)).toBe(true);
  });

  it('routes a canary through the ALB action Argo Rollouts weights, between Services that select its pods', () => {
    const objects = app(canary());
    const rollout = get(objects, 'Rollout/gateway');
    const strategy = rollout.spec.strategy.canary;
    const ingress = get(objects, `Ingress/${strategy.trafficRouting.alb.ingress}`);
    const stable = get(objects, `Service/${strategy.stableService}`);
    const canaryService = get(objects, `Service/${strategy.canaryService}`);
    for (const service of [stable, canaryService]) {
      expect(selects(service, rollout.spec.template)).toBe(true);
      expect(service.spec.ports.map((port: { port: number }) => port.port)).toContain(
        strategy.trafficRouting.alb.servicePort,
      );
    }
    // The route's backend is the action named after the stable Service (the Rollout has no rootService).
    const route = ingress.spec.rules[0].http.paths.at(-1);
    expect(route.backend.service).toEqual({ name: strategy.stableService, port: { name: 'use-annotation' } });
    const action = JSON.parse(
      ingress.metadata.annotations![`alb.ingress.kubernetes.io/actions.${strategy.stableService}`]!,
    );
    expect(action).toEqual({
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          {
            ServiceName: strategy.canaryService,
            ServicePort: String(strategy.trafficRouting.alb.servicePort),
            Weight: 0,
          },
          {
            ServiceName: strategy.stableService,
            ServicePort: String(strategy.trafficRouting.alb.servicePort),
            Weight: 100,
          },
        ],
      },
    });
    expect(strategy.stableMetadata.labels).toEqual({ 'rollout-role': 'stable' });
    expect(strategy.canaryMetadata.labels).toEqual({ 'rollout-role': 'canary' });
  });

  it('steps the canary weights with the pauses asked for, and without them where the cluster drops them', () => {
    const steps = (spec: AppSpec, cluster = rolloutsCluster()) =>
      (get(app(spec, cluster), 'Rollout/gateway').spec.strategy.canary.steps as Record<string, unknown>[]).filter(
        (step) => 'setWeight' in step || 'pause' in step,
      );
    expect(steps(canary({ slo: undefined }))).toEqual([
      { setWeight: 10 },
      { pause: { duration: '5m' } },
      { setWeight: 50 },
      { pause: { duration: '5m' } },
    ]);
    const staging = rolloutsCluster('staging', {
      apps: { gateway: { delivery: { strategy: 'canary', pauseMinutes: 0 } } },
    });
    expect(steps(canary({ slo: undefined }), staging)).toEqual([{ setWeight: 10 }, { setWeight: 50 }]);
  });

  it('tells Argo CD to leave the weights and the Rollout replicas to their controllers', () => {
    const application = synthFixture(rolloutsCluster(), [canary()]).get('argocd/application-gateway.yaml')!;
    expect(application.spec.ignoreDifferences).toEqual([
      {
        group: 'networking.k8s.io',
        kind: 'Ingress',
        namespace: 'gateway',
        name: 'gateway',
        jsonPointers: ['/metadata/annotations/alb.ingress.kubernetes.io~1actions.gateway-stable'],
      },
      {
        group: 'argoproj.io',
        kind: 'Rollout',
        namespace: 'gateway',
        name: 'gateway',
        jsonPointers: ['/spec/replicas'],
      },
    ]);
    expect(application.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'RespectIgnoreDifferences=true']);
  });

  it('runs blue-green behind the app Service (active) and a preview Service, with a preview Ingress', () => {
    const objects = app(blueGreen());
    const rollout = get(objects, 'Rollout/gateway');
    const strategy = rollout.spec.strategy.blueGreen;
    expect(strategy).toMatchObject({
      activeService: 'gateway',
      previewService: 'gateway-preview',
      autoPromotionEnabled: true,
    });
    for (const name of [strategy.activeService, strategy.previewService])
      expect(selects(get(objects, `Service/${name}`), rollout.spec.template)).toBe(true);
    const main = get(objects, 'Ingress/gateway');
    expect(main.spec.rules[0].http.paths.at(-1).backend.service.name).toBe(strategy.activeService);
    const preview = get(objects, 'Ingress/gateway-preview');
    expect(preview.spec.rules[0].host).toBe('preview-api.example.com');
    expect(preview.metadata.annotations!['external-dns.alpha.kubernetes.io/hostname']).toBe('preview-api.example.com');
    expect(preview.metadata.annotations!['alb.ingress.kubernetes.io/group.name']).toBe(
      main.metadata.annotations!['alb.ingress.kubernetes.io/group.name'],
    );
    expect(preview.spec.rules[0].http.paths.at(-1).backend.service).toEqual({
      name: strategy.previewService,
      port: { name: 'http' },
    });
  });

  it('scrapes each pod once: the ServiceMonitor leaves out the Services Argo Rollouts steers', () => {
    const objects = app(canary());
    const monitor = get(objects, 'ServiceMonitor/gateway');
    const matches = (service: Obj) =>
      Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels?.[k] === v) &&
      (monitor.spec.selector.matchExpressions ?? []).every(
        (expression: { key: string; operator: string }) =>
          expression.operator === 'DoesNotExist' && service.metadata.labels?.[expression.key] === undefined,
      );
    const services = [...objects.values()].filter((object) => object.kind === 'Service');
    expect(services.filter(matches).map((service) => service.metadata.name)).toEqual(['gateway']);
  });

  it('switches rolling -> canary -> rolling cleanly: the way back renders exactly what was there', () => {
    const before = synthFixture(rolloutsCluster(), [webService()]);
    const during = synthFixture(rolloutsCluster(), [canary()]);
    const after = synthFixture(rolloutsCluster(), [webService()]);
    expect(after).toEqual(before);
    const kinds = (output: Map<string, Obj>) => [...folderObjects(output, 'gateway').keys()].sort();
    expect(kinds(before)).toContain('Deployment/gateway');
    expect(kinds(before).filter((key) => key.startsWith('Rollout/') || key.startsWith('AnalysisTemplate/'))).toEqual(
      [],
    );
    expect(kinds(during)).not.toContain('Deployment/gateway');
    expect(kinds(during)).toContain('Rollout/gateway');
    // Both shapes pass validate: the test above checks all three strategies in one cluster.
  });
});
