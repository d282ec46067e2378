import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffResources } from '../../lib/diff/diff-resources';
import { formatMarkdown } from '../../lib/diff/format-markdown';
import { ProductionRisk, riskyHelmValue } from '../../lib/diff/production-risks';
import { parseResources } from '../../lib/diff/resources';

function tree(files: Record<string, object>) {
  return parseResources(new Map(Object.entries(files).map(([file, object]) => [file, stringify(object)])), 'test');
}

/** A platform component's Helm Application, frozen: chart version, values and sync policy vary. */
function helmApplication(version: string, values: object, automated: object | undefined) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'kube-prometheus-stack', namespace: 'argocd' },
    spec: {
      project: 'platform',
      source: {
        repoURL: 'https://prometheus-community.github.io/helm-charts',
        chart: 'kube-prometheus-stack',
        targetRevision: version,
        helm: { releaseName: 'kube-prometheus-stack', valuesObject: values },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'monitoring' },
      syncPolicy: automated === undefined ? {} : { automated },
    },
  };
}

function appApplication(name: string, team: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: team,
      source: { repoURL: 'https://github.com/acme/platform-gitops.git', path: `generated/production/${name}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

function appProject(windows: object[]) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'storefront', namespace: 'argocd' },
    spec: { syncWindows: windows },
  };
}

const WEEKNIGHTS = { kind: 'deny', schedule: '0 20 * * 1-4', duration: '11h', timeZone: 'Europe/Dublin' };

const BEFORE = tree({
  'generated/production/monitoring/application-helm-kube-prometheus-stack.yaml': helmApplication(
    '88.5.3',
    {
      crds: { enabled: true },
      prometheus: { prometheusSpec: { replicas: 2, retention: '30d', storageSpec: { size: '200Gi' } } },
      grafana: { adminUser: 'admin' },
    },
    { prune: true, selfHeal: true },
  ),
  'generated/production/argocd/application-web.yaml': appApplication('web', 'storefront'),
  'generated/production/argocd/application-logging.yaml': {
    ...appApplication('logging', 'platform'),
    metadata: { name: 'logging', namespace: 'argocd' },
  },
  'generated/production/argocd/appproject-storefront.yaml': appProject([WEEKNIGHTS]),
});

const AFTER = tree({
  'generated/production/monitoring/application-helm-kube-prometheus-stack.yaml': helmApplication(
    '92.0.1',
    {
      crds: { enabled: false },
      prometheus: { prometheusSpec: { replicas: 1, retention: '7d', storageSpec: { size: '200Gi' } } },
      grafana: { adminUser: 'root' },
    },
    { prune: false, selfHeal: true },
  ),
  'generated/production/argocd/appproject-storefront.yaml': appProject([]),
});

describe('npm run diff: what can hurt production', () => {
  const [production] = diffResources(BEFORE, AFTER, { environments: { production: 'production' } });
  const risks = production!.callouts.filter((callout) =>
    (Object.values(ProductionRisk) as string[]).includes(callout.kind),
  );

  it('names chart bumps, risky Helm values by key, sync policy, sync windows and removed apps and components', () => {
    expect(risks.map((callout) => [callout.kind, callout.id, callout.text])).toEqual([
      ['sync-window', 'AppProject argocd/storefront', 'sync windows: deny "0 20 * * 1-4" for 11h → none'],
      [
        'helm-value',
        'Application argocd/kube-prometheus-stack',
        'helm values crds.enabled: true → false (without its CRDs, every custom resource of them is deleted)',
      ],
      [
        'helm-value',
        'Application argocd/kube-prometheus-stack',
        'helm values prometheus.prometheusSpec.replicas: 2 → 1 (capacity and availability change)',
      ],
      [
        'helm-value',
        'Application argocd/kube-prometheus-stack',
        'helm values prometheus.prometheusSpec.retention: 30d → 7d (shorter retention deletes stored data)',
      ],
      ['chart-version', 'Application argocd/kube-prometheus-stack', 'chart kube-prometheus-stack: 88.5.3 → 92.0.1'],
      ['sync-policy', 'Application argocd/kube-prometheus-stack', 'sync policy automated.prune: true → false'],
      ['removal', 'Application argocd/logging', 'platform component removed: Argo CD stops managing it'],
      [
        'removal',
        'Application argocd/web',
        'app of team storefront removed: Argo CD stops managing it and deletes everything it deployed',
      ],
    ]);
  });

  it('lists them once each, above the collapsed details, and leaves harmless values out', () => {
    const doubled = [{ ...production!, callouts: [...production!.callouts, ...production!.callouts] }];
    const markdown = formatMarkdown(doubled, 'main');
    const details = markdown.indexOf('<details>');
    expect(markdown.indexOf(`#### ⚠️ What can hurt production (${risks.length})`)).toBeGreaterThan(0);
    for (const callout of risks) {
      const line = `- ${callout.id}: \`${callout.text}\``;
      expect(markdown.split(line).length - 1).toBe(1);
      expect(markdown.indexOf(line)).toBeLessThan(details);
    }
    expect(markdown.indexOf('**Chart version bumps**')).toBeLessThan(details);
    expect(risks.map((callout) => callout.text).join('\n')).not.toContain('adminUser');
  });

  it('matches risky keys on whole path segments at any depth', () => {
    expect(riskyHelmValue('loki.limits_config.retention_period')?.key).toBe('retention_period');
    expect(riskyHelmValue('server.persistence.size')?.key).toBe('persistence');
    expect(riskyHelmValue('alertmanager.alertmanagerSpec.replicas')?.key).toBe('replicas');
    expect(riskyHelmValue('crds.enabled')?.key).toBe('crds.enabled');
    expect(riskyHelmValue('crdsEnabled')).toBeUndefined();
    expect(riskyHelmValue('grafana.replicasHint')).toBeUndefined();
  });
});
