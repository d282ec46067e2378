import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { LokiMode } from '../../../lib/model/platform-settings';
import { LOKI_CHART } from '../../../platform/logging/charts';
import { chartReference } from '../../support/charts';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A map the chart passes on whole (schema `additionalProperties`), or an empty default map: any key may go in. */
function isOpen(schema: Tree | undefined, chartValue: unknown): boolean {
  const additional = schema?.additionalProperties;
  return additional === true || isTree(additional) || (isTree(chartValue) && Object.keys(chartValue).length === 0);
}

/**
 * Key paths of `values` the chart does not have: neither in its values.yaml nor inside a map it takes whole.
 * Lists are set as a whole and not looked into.
 */
function unknownKeys(values: Tree, chart: Tree, schema: Tree | undefined, prefix = '', open = false): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const keyPath = `${prefix}${key}`;
    const childSchema = (schema?.properties as Tree | undefined)?.[key] as Tree | undefined;
    if (!(key in chart)) return open ? [] : [keyPath];
    const chartValue = chart[key];
    if (!isTree(value) || !isTree(chartValue)) return [];
    const childOpen = (open && childSchema === undefined) || isOpen(childSchema, chartValue);
    return unknownKeys(value, chartValue, childSchema, `${keyPath}.`, childOpen);
  });
}

/** Helm's merge of user values over the chart's defaults: maps merge, anything else replaces, null removes. */
function helmMerge(defaults: Tree, values: Tree): Tree {
  const merged: Tree = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = isTree(value) && isTree(defaults[key]) ? helmMerge(defaults[key], value) : value;
  }
  return merged;
}

function lokiValues(definition: ClusterDefinition): Tree {
  const application = render(definition, []).object('logging/application-helm-loki.yaml');
  return field(application, 'spec.source.helm.valuesObject') as Tree;
}

const chart = chartReference('loki');
const staging = stagingCluster();
const production = productionCluster();
const modes: [string, ClusterDefinition][] = [
  ['monolithic (staging)', staging],
  ['distributed (production)', production],
  [
    'monolithic with replicas',
    { ...staging, platform: { ...staging.platform, logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 2 } } },
  ],
];

describe('Loki values against the chart reference data', () => {
  it('pins a version of the chart line the reference data (and the values) are for', () => {
    expect(LOKI_CHART.version.split('.')[0]).toBe(chart.version.split('.')[0]);
  });

  it.each(modes)('sets only keys the chart has: %s', (_, definition) => {
    expect(unknownKeys(lokiValues(definition), chart.values, chart.schema)).toEqual([]);
  });

  it.each(modes)('passes the chart values.schema.json once merged over its defaults: %s', (_, definition) => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(chart.schema!);
    validate(helmMerge(chart.values, lokiValues(definition)));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('finds keys the chart does not have', () => {
    const values = { singleBinary: { replica: 1 }, loki: { limits_config: { anything: 1 } }, monolithic: {} };
    expect(unknownKeys(values, chart.values, chart.schema)).toEqual(['singleBinary.replica', 'monolithic']);
  });
});
