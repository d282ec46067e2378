import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../lib/diff/diff-resources';
import { formatDetailLines, type PromotionReport } from '../../lib/release/promotion-format';

const change = (file: string, id: string): ResourceChange => ({
  status: 'changed',
  id,
  kind: 'Application',
  file,
  fields: [{ path: 'spec.ignoreDifferences[0].kind', before: 'Deployment', after: 'Ingress' }],
});

function report(resources: readonly ResourceChange[]): PromotionReport {
  const pin = { tag: '1.0.0' };
  return {
    target: 'prod',
    updates: [{ app: 'shop', before: pin, after: { tag: '2.0.0' } }],
    details: { specChanges: {}, resources, platformStat: [] },
  };
}

describe('promotion details', () => {
  it("list a promoted app's own Argo CD Application under the app, not under (platform)", () => {
    const lines = formatDetailLines(report([change('generated/prod/argocd/application-shop.yaml', 'argocd/shop')]));
    expect(lines).toContain('shop:');
    expect(lines.some((line) => line.includes('changed argocd/shop'))).toBe(true);
    expect(lines.some((line) => line.startsWith('(platform)'))).toBe(false);
  });

  it("list a platform component's Application, and another app's, under (platform)", () => {
    const lines = formatDetailLines(
      report([
        change('generated/prod/argocd/application-monitoring.yaml', 'argocd/monitoring'),
        change('generated/prod/argocd/application-other.yaml', 'argocd/other'),
      ]),
    );
    const platform = lines.findIndex((line) => line.startsWith('(platform)'));
    expect(platform).toBeGreaterThanOrEqual(0);
    const after = lines.slice(platform);
    expect(after.some((line) => line.includes('changed argocd/monitoring'))).toBe(true);
    expect(after.some((line) => line.includes('changed argocd/other'))).toBe(true);
  });
});
