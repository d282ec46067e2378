import { describe, expect, it } from 'vitest';
import { UnitCategory } from '../../lib/synth/output-unit';
import { platformUnits } from '../../lib/synth/platform-units';
import { UNIT_PROVIDERS } from '../../lib/synth/providers';
import { appUnits } from '../../lib/synth/app-units';
import { productionCluster, render, resolveCluster, stagingCluster, webService } from '../platform/fixtures';

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
        folder: 'monitoring',
        namespace: 'monitoring',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -30,
        sources: ['platform/monitoring/', 'clusters/production.ts'],
      },
      {
        folder: 'external-secrets',
        namespace: 'external-secrets',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -20,
        sources: ['platform/external-secrets/', 'clusters/production.ts'],
      },
      {
        folder: 'ingress',
        namespace: 'kube-system',
        category: UnitCategory.PLATFORM,
        team: 'platform',
        syncWave: -20,
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

  it('renders nothing for a cluster without platform settings', () => {
    expect(platformUnits(resolveCluster(stagingCluster({ platform: undefined }), []), [])).toEqual([]);
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
