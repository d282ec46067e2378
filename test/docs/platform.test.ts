import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../lib/model/defaults';
import { CHART_RULES } from '../../lib/validate/helm-values/chart-rules';
import { formatNumber } from '../../platform/monitoring/selectors';
import { cronJob, field, render, stagingCluster, webService, worker } from '../platform/fixtures';
import { exportedChartPins } from '../support/chart-pins';
import { CHART_REFERENCES } from '../support/charts';
import { REPO_ROOT } from '../support/repo-copy';

/** The rows of the "Chart pins" table of docs/platform.md, by chart: [pin, repository, checked against, ...]. */
function chartPinRows(): Map<string, string[]> {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'platform.md'), 'utf8');
  const lines = text.slice(text.indexOf('## Chart pins')).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start, end)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const chart = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (chart !== undefined) rows.set(chart, cells.slice(1));
  }
  return rows;
}

/** The rows of the "### Alerts" table of docs/platform.md, by alert: the remaining cells. */
function alertRows(): Map<string, string[]> {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'platform.md'), 'utf8');
  const lines = text.slice(text.indexOf('### Alerts\n')).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 2, end)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const alert = /^`([^`]+)`/.exec(cells[0] ?? '')?.[1];
    if (alert !== undefined) rows.set(alert, cells.slice(1));
  }
  return rows;
}

/**
 * Every alert the generator can write, with its severities: the rules of apps of every kind with every optional
 * alert turned on, and the database and cache rules, as synth renders them.
 */
function generatedAlerts(): Map<string, Set<string>> {
  const specs = [
    webService({ alerts: { minRequestsPerSecond: 1 }, resources: { cpuRequestMilli: 100, cpuLimitMilli: 200 } }),
    worker(),
    cronJob(),
  ];
  const definition = stagingCluster();
  const rendered = render({ ...definition, platform: { ...definition.platform, cloudwatch: {} } }, specs);
  const alerts = new Map<string, Set<string>>();
  for (const { object } of rendered.objects()) {
    if (object.kind !== 'PrometheusRule') continue;
    for (const group of field(object, 'spec.groups') as {
      rules: { alert?: string; labels?: { severity: string } }[];
    }[])
      for (const rule of group.rules) {
        if (rule.alert === undefined) continue;
        const severities = alerts.get(rule.alert) ?? new Set<string>();
        severities.add(rule.labels!.severity);
        alerts.set(rule.alert, severities);
      }
  }
  return alerts;
}

describe('docs/platform.md', () => {
  it('lists every alert the generator writes, with its severity, and no alert it does not write', () => {
    const rows = alertRows();
    const alerts = generatedAlerts();
    // Watchdog is kube-prometheus-stack's own; the table explains where it goes.
    expect([...rows.keys()].filter((alert) => alert !== 'Watchdog').sort()).toEqual([...alerts.keys()].sort());
    for (const [alert, severities] of alerts) {
      const severity = rows.get(alert)![3]!;
      expect({ alert, severity }).toEqual({
        alert,
        severity: severities.size > 1 ? 'both' : `\`${[...severities][0]}\``,
      });
    }
  });

  it('gives the default threshold and the setting of every database and cache alert', () => {
    const rows = alertRows();
    const settings: Record<string, keyof typeof DEFAULTS.dataStoreAlerts> = {
      DatabaseConnectionsHigh: 'databaseConnectionsPercent',
      DatabaseCpuHigh: 'databaseCpuPercent',
      DatabaseFreeStorageLow: 'databaseFreeStorageGi',
      DatabaseReplicaLagHigh: 'replicaLagSeconds',
      CacheEvictionsHigh: 'cacheEvictionsPerMinute',
      CacheMemoryHigh: 'cacheMemoryPercent',
      CacheCpuHigh: 'cacheCpuPercent',
      CacheReplicationLagHigh: 'replicaLagSeconds',
    };
    for (const [alert, setting] of Object.entries(settings)) {
      const [, firesWhen = '', , , changeWith] = rows.get(alert)!;
      expect(firesWhen, alert).toContain(formatNumber(DEFAULTS.dataStoreAlerts[setting]));
      expect(changeWith, alert).toBe(`\`cloudwatch.alerts.${setting}\``);
    }
  });

  it('lists every chart pin with its repository and the reference version its values are checked against', async () => {
    const store = CHART_REFERENCES;
    const rows = chartPinRows();
    const pins = await exportedChartPins();
    expect([...rows.keys()].sort()).toEqual(pins.map((pin) => pin.chart).sort());
    for (const pin of pins) {
      const lookup = store.lookup(pin.chart, pin.version, CHART_RULES[pin.chart]!);
      if (!lookup.ok) throw new Error(lookup.problem);
      const [version, repository, checkedAgainst = ''] = rows.get(pin.chart)!;
      expect({ chart: pin.chart, version, repository }).toEqual({
        chart: pin.chart,
        version: pin.version,
        repository: pin.repoURL,
      });
      expect(checkedAgainst.split(' ')[0]).toBe(lookup.reference.version);
      for (const subchart of lookup.reference.subcharts) {
        if (subchart.reference)
          expect(checkedAgainst).toContain(`subchart ${subchart.key} ${subchart.reference.version}`);
      }
    }
  });
});
