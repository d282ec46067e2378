import { describe, expect, it } from 'vitest';
import { resolveArgoCdSettings } from '../../lib/argocd/settings';
import { argoCdServerIngress } from '../../lib/argocd/server-ingress';
import { wafWebAclName } from '../../lib/naming';
import { productionCluster, stagingCluster } from '../platform/fixtures';

const SSO = { issuer: 'https://login.example.com/oauth2/default', clientId: 'argocd-client' };

describe('the Argo CD server Ingress (where SSO users reach the UI and API)', () => {
  it.each([stagingCluster, productionCluster])(
    'with SSO: an internal ALB of its own, HTTPS to the server, WAF',
    (make) => {
      const cluster = make({ argocd: { sso: SSO } });
      const access = resolveArgoCdSettings(cluster, `clusters/${cluster.name}.ts`).access;
      const ingress = argoCdServerIngress(cluster, access)!;
      expect(ingress.hostname).toBe(new URL(access.url).hostname);
      expect(ingress.hostname.endsWith(`.${cluster.baseDomain}`)).toBe(true);
      expect(ingress.annotations).toMatchObject({
        'alb.ingress.kubernetes.io/scheme': 'internal',
        'alb.ingress.kubernetes.io/group.name': `${cluster.name}-internal`,
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]',
        'alb.ingress.kubernetes.io/backend-protocol': 'HTTPS',
        'alb.ingress.kubernetes.io/wafv2-acl-name': wafWebAclName(cluster),
        'external-dns.alpha.kubernetes.io/hostname': ingress.hostname,
      });
    },
  );

  it('follows argocd.url', () => {
    const cluster = stagingCluster({ argocd: { sso: SSO, url: `https://deploy.${stagingCluster().baseDomain}` } });
    expect(
      argoCdServerIngress(cluster, resolveArgoCdSettings(cluster, `clusters/${cluster.name}.ts`).access)?.hostname,
    ).toBe(`deploy.${cluster.baseDomain}`);
  });

  it('refuses an SSO URL outside the cluster zones: no certificate or external-dns would serve it', () => {
    const cluster = stagingCluster({ argocd: { sso: SSO, url: 'https://argocd.elsewhere.org' } });
    expect(() => resolveArgoCdSettings(cluster, `clusters/${cluster.name}.ts`)).toThrow(
      `host "argocd.elsewhere.org" is not under the cluster's zones (${cluster.baseDomain})`,
    );
  });

  it('without SSO exposes nothing: only the local admin could log in, so it stays behind port-forward', () => {
    const cluster = stagingCluster({ argocd: {} });
    expect(
      argoCdServerIngress(cluster, resolveArgoCdSettings(cluster, `clusters/${cluster.name}.ts`).access),
    ).toBeUndefined();
  });
});
