import { describe, expect, it } from 'vitest';
import { UnitCategory } from '../../lib/synth/output-unit';
import { platformUnits } from '../../lib/synth/platform-units';
import { UNIT_PROVIDERS } from '../../lib/synth/providers';
import { appUnits } from '../../lib/synth/app-units';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { parse } from 'yaml';
import {
  cronJob,
  productionCluster,
  render,
  resolveCluster,
  stagingCluster,
  webService,
  worker,
} from '../platform/fixtures';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every generated object of the production fixture cluster (Argo CD wiring included), by `<folder>/<file>`. */
function generated(): Map<string, Obj> {
  const cluster = resolveCluster(productionCluster(), [webService(), worker(), cronJob()]);
  return new Map(
    synthesizeCluster(cluster).map((file) => [file.path.slice('production/'.length), parse(file.content) as Obj]),
  );
}

function wave(object: Obj): number {
  return Number(object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
}

/** API groups of the custom resources we render, and the platform unit whose chart installs their CRDs. */
const CRD_UNIT: Record<string, string> = {
  'external-secrets.io': 'external-secrets',
  'monitoring.coreos.com': 'monitoring',
};
const PLATFORM_FOLDERS = ['external-secrets', 'monitoring', 'ingress', 'logging'];

describe('platform units', () => {
  it('has one unit per enabled component, operators with CRDs in earlier sync waves than apps', () => {
    const units = platformUnits(resolveCluster(productionCluster(), []), []);
    expect(
      units.map(({ folder, namespace, category, team, syncWave, sources }) => ({
        folder,
        namespace,
        category,
        team,
        syncWave,
        sources,
      })),
    ).toEqual([
      {
        folder: 'karpenter',
        namespace: 'kube-system',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -45,
        sources: ['platform/karpenter/', 'clusters/production.ts'],
      },
      {
        folder: 'cluster-addons',
        namespace: 'kube-system',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -40,
        sources: ['platform/cluster-addons/', 'clusters/production.ts'],
      },
      {
        folder: 'monitoring',
        namespace: 'monitoring',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -20,
        sources: ['platform/monitoring/', 'clusters/production.ts'],
      },
      {
        folder: 'alert-receivers',
        namespace: 'monitoring',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -20,
        sources: ['platform/monitoring/', 'clusters/production.ts'],
      },
      {
        folder: 'external-secrets',
        namespace: 'external-secrets',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -30,
        sources: ['platform/external-secrets/', 'clusters/production.ts'],
      },
      {
        folder: 'ingress',
        namespace: 'kube-system',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -15,
        sources: ['platform/ingress/', 'clusters/production.ts'],
      },
      {
        folder: 'logging',
        namespace: 'loki',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -10,
        sources: ['platform/logging/', 'clusters/production.ts'],
      },
    ]);
  });

  it('syncs external secrets, then monitoring, then ingress and logging, then apps (first sync converges)', () => {
    const objects = generated();
    const unitWave = (folder: string): number => wave(objects.get(`argocd/application-${folder}.yaml`)!);
    expect(Object.fromEntries(PLATFORM_FOLDERS.map((folder) => [folder, unitWave(folder)]))).toEqual({
      'external-secrets': -30,
      monitoring: -20,
      ingress: -15,
      logging: -10,
    });
    // monitoring's ExternalSecrets need the external-secrets CRDs and ClusterSecretStore.
    expect(unitWave('external-secrets')).toBeLessThan(unitWave('monitoring'));
    // The ingress and logging charts render ServiceMonitors: monitoring's CRDs must exist before.
    expect(unitWave('monitoring')).toBeLessThan(unitWave('ingress'));
    expect(unitWave('monitoring')).toBeLessThan(unitWave('logging'));
    for (const app of ['gateway', 'worker', 'report']) {
      expect(unitWave(app)).toBeGreaterThan(Math.max(...PLATFORM_FOLDERS.map(unitWave)));
    }

    // Every custom resource we render needs its CRD from an earlier unit, or from its own folder's chart
    // Application, which must then sync first.
    for (const [path, object] of objects) {
      const folder = path.split('/')[0]!;
      const provider = CRD_UNIT[String(object.apiVersion).split('/')[0]!];
      if (provider === undefined || folder === 'argocd') continue;
      if (provider === folder) {
        const chart = [...objects].find(
          ([other, candidate]) => other.startsWith(`${folder}/`) && candidate.kind === 'Application',
        )![1];
        expect(wave(object), path).toBeGreaterThan(wave(chart));
      } else {
        expect(unitWave(provider), path).toBeLessThan(unitWave(folder));
      }
    }
  });

  it('creates the Secret Grafana mounts before kube-prometheus-stack; the alert receivers are an optional unit of their own', () => {
    const objects = generated();
    const monitoring = [...objects]
      .filter(([path]) => path.startsWith('monitoring/'))
      .map(([path, object]) => [path, object.kind, wave(object)]);
    expect(monitoring).toEqual([
      ['monitoring/application-helm-kube-prometheus-stack.yaml', 'Application', -1],
      // The cluster overview dashboard: a ConfigMap the Grafana sidecar loads once the chart runs.
      ['monitoring/configmap-cluster-overview-dashboard.yaml', 'ConfigMap', 0],
      ['monitoring/configmap-finops-dashboard.yaml', 'ConfigMap', 0],
      // The FinOps recording rules: a custom resource of the chart's CRDs, after the chart.
      ['monitoring/prometheusrule-finops.yaml', 'PrometheusRule', 0],
      ['monitoring/externalsecret-grafana-admin.yaml', 'ExternalSecret', -2],
    ]);
    expect(objects.get('alert-receivers/externalsecret-alertmanager-receivers.yaml')?.kind).toBe('ExternalSecret');
    const units = platformUnits(resolveCluster(stagingCluster(), []), []);
    expect(units.filter((unit) => unit.optional === true).map((unit) => unit.folder)).toEqual(['alert-receivers']);
    // The ClusterSecretStore these ExternalSecrets read through comes after its chart in an earlier unit.
    expect(wave(objects.get('external-secrets/clustersecretstore-aws-secrets-manager.yaml')!)).toBeGreaterThan(
      wave(objects.get('external-secrets/application-helm-external-secrets.yaml')!),
    );
  });

  it('renders only the foundations (Karpenter, cluster add-ons) for a cluster without platform settings', () => {
    expect(
      platformUnits(resolveCluster(stagingCluster({ platform: undefined }), []), []).map((unit) => unit.folder),
    ).toEqual(['karpenter', 'cluster-addons']);
  });

  it('drops a component folder when the component is disabled', () => {
    const cluster = stagingCluster();
    const rendered = render({ ...cluster, platform: { ...cluster.platform, logging: undefined } }, [webService()]);
    expect(rendered.paths.filter((path) => path.startsWith('logging/'))).toEqual([]);
    expect(rendered.paths.some((path) => path.startsWith('monitoring/'))).toBe(true);
  });

  it('comes right after the app units, so wiring providers appended later see both', () => {
    expect(UNIT_PROVIDERS.slice(0, 2)).toEqual([appUnits, platformUnits]);
  });

  it('renders the same bytes twice', () => {
    const first = render(productionCluster(), [webService()]);
    const second = render(productionCluster(), [webService()]);
    expect(second.objects()).toEqual(first.objects());
  });
});
