import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { field, productionCluster, render, stagingCluster } from '../fixtures';
import { REPO_ROOT } from '../../support/repo-copy';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';
import type { ClusterDefinition } from '../../../lib/model/cluster';

const APPLICATION = 'monitoring/application-helm-kube-prometheus-stack.yaml';

/** The Alertmanager configuration of every cluster under generated/ that runs monitoring. */
function generatedConfigs(): [cluster: string, config: unknown][] {
  const root = path.join(REPO_ROOT, 'generated');
  return readdirSync(root)
    .filter((cluster) => existsSync(path.join(root, cluster, APPLICATION)))
    .map((cluster) => [
      cluster,
      field(
        parse(readFileSync(path.join(root, cluster, APPLICATION), 'utf8')),
        'spec.source.helm.valuesObject.alertmanager.config',
      ),
    ]);
}

function fixtureConfig(definition: ClusterDefinition): unknown {
  return field(render(definition, []).object(APPLICATION), 'spec.source.helm.valuesObject.alertmanager.config');
}

const amtool = requireToolInCi('amtool');

/** `amtool check-config` on the configuration as generated. */
function checkConfig(config: unknown): { status: number; output: string } {
  return runTool(amtool!, ['check-config', 'alertmanager.yaml'], { 'alertmanager.yaml': stringify(config) });
}

/** The receivers an alert with these labels reaches, as amtool's routing tree says. */
function receiversOf(config: unknown, labels: Record<string, string>): string {
  const result = runTool(
    amtool!,
    [
      'config',
      'routes',
      'test',
      '--config.file=alertmanager.yaml',
      ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    ],
    { 'alertmanager.yaml': stringify(config) },
  );
  expect(result.status, result.output).toBe(0);
  return result.output.trim();
}

describe.skipIf(amtool === undefined)(`amtool (${amtool === undefined ? '' : toolVersion(amtool)})`, () => {
  it.each(generatedConfigs())(
    'check-config accepts the Alertmanager configuration of generated/%s',
    (_cluster, config) => {
      const result = checkConfig(config);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    },
  );

  it.each([
    ['staging', stagingCluster()],
    ['production', productionCluster()],
  ])('check-config accepts the %s fixture configuration', (_name, definition) => {
    expect(checkConfig(fixtureConfig(definition)).status).toBe(0);
  });

  it('pages critical alerts and tickets warnings, per team, in both environments', () => {
    for (const definition of [stagingCluster(), productionCluster()]) {
      const config = fixtureConfig(definition);
      expect(
        receiversOf(config, { alertname: 'AvailabilityErrorBudgetBurn', severity: 'critical', team: 'edge' }),
      ).toBe('pager');
      expect(receiversOf(config, { alertname: 'AppMemoryNearLimit', severity: 'warning', team: 'edge' })).toBe(
        'tickets',
      );
      expect(receiversOf(config, { alertname: 'KubeletDown', severity: 'info' })).toBe('null');
      // Anything without a known severity still reaches a human.
      expect(receiversOf(config, { alertname: 'Unlabelled' })).toBe('tickets');
    }
  });

  it('sends InfoInhibitor nowhere', () => {
    expect(receiversOf(fixtureConfig(productionCluster()), { alertname: 'InfoInhibitor', severity: 'none' })).toBe(
      'null',
    );
  });
});
