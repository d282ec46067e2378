import { describe, expect, it } from 'vitest';
import type { AwsClusterDefinition } from '../../../lib/model/cluster';
import { LokiMode } from '../../../lib/model/platform-settings';
import { checkHelmRelease } from '../../../lib/validate/helm-values/check-helm-values';
import { LOKI_CHART } from '../../../platform/logging/charts';
import { CHART_REFERENCES } from '../../support/charts';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

const store = CHART_REFERENCES;

function lokiValues(definition: AwsClusterDefinition): Record<string, unknown> {
  const application = render(definition, []).object('logging/application-helm-loki.yaml');
  return field(application, 'spec.source.helm.valuesObject') as Record<string, unknown>;
}

const staging = stagingCluster();
const production = productionCluster();
/** Every deployment mode the values support, including one no sample cluster uses today. */
const modes: [string, AwsClusterDefinition][] = [
  ['monolithic (staging)', staging],
  ['distributed (production)', production],
  [
    'monolithic with replicas',
    { ...staging, platform: { ...staging.platform, logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 2 } } },
  ],
];

describe('Loki values against the grafana-community chart reference data', () => {
  it.each(modes)('uses only keys the chart has and passes its values.schema.json: %s', (_, definition) => {
    const release = { cluster: definition.name, chart: LOKI_CHART.chart, version: LOKI_CHART.version };
    expect(checkHelmRelease({ ...release, values: lokiValues(definition) }, store)).toEqual([]);
  });

  it('finds keys of the old grafana/loki 6.x structure in values for the 18.x chart', () => {
    const release = { cluster: 'staging', chart: LOKI_CHART.chart, version: LOKI_CHART.version };
    const problems = checkHelmRelease({ ...release, values: { singleBinary: { replica: 1 }, monolithic: {} } }, store);
    expect(problems.map((problem) => problem.replace(/ \(reference .*$/, ''))).toEqual([
      "chart loki, cluster staging: key singleBinary.replica is not in the chart's values.yaml",
      "chart loki, cluster staging: key monolithic is not in the chart's values.yaml",
    ]);
  });
});
