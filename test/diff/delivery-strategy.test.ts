import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../lib/model/app-spec';
import { diffResources } from '../../lib/diff/diff-resources';
import { formatMarkdown } from '../../lib/diff/format-markdown';
import { ProductionRisk } from '../../lib/diff/production-risks';
import { parseResources } from '../../lib/diff/resources';
import { resolveCluster, webService } from '../platform/fixtures';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { rolloutsCluster } from '../support/delivery';

/** The generated tree of a production-shaped fixture cluster running one app, as `npm run diff` reads it. */
function tree(spec: AppSpec) {
  const definition = rolloutsCluster();
  const files = synthesizeCluster(resolveCluster(definition, [spec]));
  return parseResources(new Map(files.map((file) => [`generated/${file.path}`, file.content])), 'test');
}

function deliveryCallouts(before: AppSpec, after: AppSpec): string[] {
  const [diff] = diffResources(tree(before), tree(after), { environments: { production: 'production' } });
  return diff!.callouts.filter((c) => c.kind === ProductionRisk.DELIVERY_STRATEGY).map((c) => `${c.id}: ${c.text}`);
}

const rolling = webService({ smoke: { path: '/ready' } });
const canary = webService({ smoke: { path: '/ready' }, delivery: { strategy: 'canary', pauseMinutes: 5 } });
const blueGreen = webService({ smoke: { path: '/ready' }, delivery: { strategy: 'blueGreen' } });

describe('npm run diff: delivery strategy changes', () => {
  it('calls out a switch from a rolling update to a canary, with what the canary does', () => {
    expect(deliveryCallouts(rolling, canary)).toEqual([
      'Rollout gateway/gateway: delivery: rolling update → canary 10% 50% 100% (5m pauses, SLO analysis, smoke test, ALB weights): Argo Rollouts takes over the pods; Argo CD prunes the Deployment once the Rollout is healthy',
    ]);
  });

  it('calls out canary → blue-green and the way back to a rolling update', () => {
    expect(deliveryCallouts(canary, blueGreen)).toEqual([
      'Rollout gateway/gateway: delivery: canary 10% 50% 100% (5m pauses, SLO analysis, smoke test, ALB weights) → blue-green (smoke test before the switch, SLO analysis after it)',
    ]);
    expect(deliveryCallouts(blueGreen, rolling)).toEqual([
      'Rollout gateway/gateway: delivery: blue-green (smoke test before the switch, SLO analysis after it) → rolling update: a Deployment takes the pods back; Argo CD prunes the Rollout once the Deployment is healthy',
    ]);
  });

  it('calls out new steps or pauses, and nothing when only the image changes', () => {
    const faster = webService({
      smoke: { path: '/ready' },
      delivery: { strategy: 'canary', steps: [25, 100], pauseMinutes: 0 },
    });
    expect(deliveryCallouts(canary, faster)).toEqual([
      'Rollout gateway/gateway: delivery: canary 10% 50% 100% (5m pauses, SLO analysis, smoke test, ALB weights) → canary 25% 100% (no pauses, smoke test, ALB weights)',
    ]);
    expect(deliveryCallouts(canary, { ...canary, config: { LOG_LEVEL: 'debug' } })).toEqual([]);
  });

  it('lists them under their own heading, among what can hurt production', () => {
    const diffs = diffResources(tree(rolling), tree(canary), { environments: { production: 'production' } });
    const markdown = formatMarkdown(diffs, 'main');
    expect(markdown).toContain('**Delivery strategy (rolling update, canary, blue-green)**');
    expect(markdown).toMatch(/- Rollout gateway\/gateway: `delivery: rolling update → canary/);
  });
});
