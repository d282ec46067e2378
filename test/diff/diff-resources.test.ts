import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffResources } from '../../lib/diff/diff-resources';
import { parseResources } from '../../lib/diff/resources';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function tree(files: Record<string, object>) {
  return parseResources(new Map(Object.entries(files).map(([file, object]) => [file, stringify(object)])), 'test');
}

const project = (namespaces: string[]) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'storefront', namespace: 'argocd' },
  spec: { destinations: namespaces.map((namespace) => ({ namespace, server: 'https://kubernetes.default.svc' })) },
});

describe('diffResources', () => {
  it('calls out a new app: its image (digest shortened) and its public host', () => {
    const head = tree({
      'generated/production/checkout/deployment-checkout.yaml': {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'checkout', namespace: 'checkout' },
        spec: { template: { spec: { containers: [{ name: 'checkout', image: `checkout:1.0.0@${DIGEST}` }] } } },
      },
      'generated/production/checkout/ingress-checkout.yaml': {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'checkout', namespace: 'checkout' },
        spec: { rules: [{ host: 'checkout.example.com' }] },
      },
    });
    const [production] = diffResources(new Map(), head, { environments: { production: 'production' } });
    expect(production?.callouts.map((callout) => [callout.kind, callout.id, callout.text])).toEqual([
      ['image', 'Deployment checkout/checkout', 'new workload: checkout:1.0.0@sha256:abababababab…'],
      ['exposure', 'Ingress checkout/checkout', 'new route: checkout.example.com'],
    ]);
  });

  it('matches list items by namespace, so one inserted destination is one change', () => {
    const base = tree({ 'generated/staging/argocd/appproject-storefront.yaml': project(['report', 'web']) });
    const head = tree({
      'generated/staging/argocd/appproject-storefront.yaml': project(['checkout', 'report', 'web']),
    });
    const [staging] = diffResources(base, head, { environments: { staging: 'staging' } });
    expect(staging?.changes[0]?.fields).toEqual([
      {
        path: 'spec.destinations[checkout]',
        before: undefined,
        after: { namespace: 'checkout', server: 'https://kubernetes.default.svc' },
      },
    ]);
  });
});
