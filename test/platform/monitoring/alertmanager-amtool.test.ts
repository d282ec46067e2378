import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { field, productionCluster, render, stagingCluster } from '../fixtures';
import { REPO_ROOT } from '../../support/repo-copy';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';
import type { AwsClusterDefinition } from '../../../lib/model/cluster';

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

function fixtureConfig(definition: AwsClusterDefinition): unknown {
  return field(render(definition, []).object(APPLICATION), 'spec.source.helm.valuesObject.alertmanager.config');
}

const amtool = requireToolInCi('amtool');

/**
 * Whether this amtool knows webhook `url_file` (Alertmanager 0.26 and later; the chart runs a far newer
 * Alertmanager). Debian 12's amtool 0.25 does not: for it the heartbeat receiver's `url_file` is checked as
 * an inline `url` of the same receiver, and a test below says so; everything else is checked as generated.
 */
function knowsWebhookUrlFile(): boolean {
  const probe = runTool(amtool!, ['check-config', 'probe.yaml'], {
    'probe.yaml': stringify({
      route: { receiver: 'x' },
      receivers: [{ name: 'x', webhook_configs: [{ url_file: '/x' }] }],
    }),
  });
  return probe.status === 0;
}

function forThisAmtool(config: unknown): unknown {
  if (amtool === undefined || knowsWebhookUrlFile()) return config;
  return JSON.parse(
    JSON.stringify(config, (key, value: unknown) =>
      key === 'webhook_configs'
        ? (value as Record<string, unknown>[]).map(({ url_file: _file, ...rest }) => ({
            ...rest,
            url: 'https://heartbeat.invalid/ping',
          }))
        : value,
    ),
  ) as unknown;
}

/** `amtool check-config` on the configuration as generated. */
function checkConfig(config: unknown): { status: number; output: string } {
  return runTool(amtool!, ['check-config', 'alertmanager.yaml'], {
    'alertmanager.yaml': stringify(forThisAmtool(config)),
  });
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
    { 'alertmanager.yaml': stringify(forThisAmtool(config)) },
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

  it('says when it checks the heartbeat url_file as an inline url (amtool older than 0.26)', () => {
    if (!knowsWebhookUrlFile()) {
      console.warn(
        `NOTE: ${toolVersion(amtool!)} predates webhook url_file; the heartbeat receiver is checked with an inline url`,
      );
    }
    expect(JSON.stringify(fixtureConfig(productionCluster()))).toContain(
      '"url_file":"/etc/alertmanager/secrets/alertmanager-receivers/heartbeat-url"',
    );
  });

  it('sends Watchdog to the heartbeat in production every minute, and drops it where there is no heartbeat', () => {
    expect(receiversOf(fixtureConfig(productionCluster()), { alertname: 'Watchdog', severity: 'none' })).toBe(
      'heartbeat',
    );
    expect(receiversOf(fixtureConfig(stagingCluster()), { alertname: 'Watchdog', severity: 'none' })).toBe('null');
  });

  it('sends InfoInhibitor nowhere', () => {
    expect(receiversOf(fixtureConfig(productionCluster()), { alertname: 'InfoInhibitor', severity: 'none' })).toBe(
      'null',
    );
  });
});
