import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { appUnits } from '../../lib/synth/app-units';
import { platformUnits } from '../../lib/synth/platform-units';
import { synthesizeCluster } from '../../lib/synth/synthesize';
import { parse } from 'yaml';
import { cronJob, productionCluster, render, stagingCluster, webService, worker } from './fixtures';
import { strictSchema } from '../support/schemas';

/** Kinds the platform work emits; each is checked against its schema with unknown fields rejected. */
const PLATFORM_KINDS = [
  'Application',
  'ClusterSecretStore',
  'ExternalSecret',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Ingress',
  'ConfigMap',
  'NetworkPolicy',
];

describe('strict schema validation', () => {
  const problemsOf = strictSchema('1.34');

  it('rejects an unknown field, so a passing check means every field is known', async () => {
    const object = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'x', namespace: 'x' },
      spec: { selector: {}, endpoints: [{ port: 'http', scrapeEvery: '30s' }] },
    };
    expect(await problemsOf(object)).toEqual([expect.stringMatching(/^schema \$\.spec\.endpoints\[0\].*scrapeEvery/)]);
  });

  it.each([
    ['staging', stagingCluster()],
    ['production', productionCluster()],
    // OpenCost, as production will run it once the platform carrying it is promoted.
    ['production with cost', productionCluster({ platform: { ...productionCluster().platform, cost: {} } })],
  ])('every platform and per-app object of a %s cluster is valid', async (_name, definition) => {
    const rendered = render(definition, [
      webService(),
      worker({ secrets: { TOKEN: { property: 'token' } } }),
      cronJob(),
    ]);
    const checked = rendered.objects().filter(({ object }) => PLATFORM_KINDS.includes(String(object.kind)));
    expect(checked.length).toBeGreaterThan(15);
    for (const { path, object } of checked)
      expect({ path, problems: await problemsOf(object) }).toEqual({ path, problems: [] });
  });

  it('every document the sample project generates with these units is valid', async () => {
    const clusters = resolveProject(await loadProject(process.cwd()));
    const kinds = new Set<string>();
    for (const cluster of clusters) {
      for (const file of synthesizeCluster(cluster, [appUnits, platformUnits])) {
        const object = parse(file.content) as Record<string, unknown>;
        kinds.add(String(object.kind));
        expect({ path: file.path, problems: await problemsOf(object) }).toEqual({ path: file.path, problems: [] });
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(PLATFORM_KINDS));
  });
});
