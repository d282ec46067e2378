import { describe, expect, it } from 'vitest';
import { cronJob, field, render, stagingCluster, webService, worker } from '../fixtures';
import { clusterOverviewDashboard } from '../../../platform/monitoring/cluster-dashboard';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; legendFormat: string }[];
}

function dashboard(spec = webService()): {
  configMap: Record<string, unknown>;
  json: Record<string, unknown>;
  panels: Panel[];
} {
  const configMap = render(stagingCluster(), [spec]).object(`${spec.name}/configmap-${spec.name}-dashboard.yaml`);
  const data = field(configMap, 'data') as Record<string, string>;
  const json = JSON.parse(data[`${spec.name}.json`]!) as Record<string, unknown>;
  return { configMap, json, panels: json.panels as Panel[] };
}

describe('app dashboard', () => {
  it('is a ConfigMap the Grafana sidecar loads into the team folder', () => {
    const { configMap, json } = dashboard();
    expect(configMap).toMatchObject({
      kind: 'ConfigMap',
      metadata: {
        name: 'gateway-dashboard',
        namespace: 'gateway',
        labels: { grafana_dashboard: '1', team: 'edge' },
        annotations: { grafana_folder: 'edge' },
      },
    });
    expect(json).toMatchObject({ uid: 'app-gateway', title: 'gateway (edge)', editable: false, timezone: 'utc' });
  });

  it('shows traffic, errors, duration, ready pods, saturation, CPU, memory and restarts, then the SLOs and budget', () => {
    const titles = dashboard()
      .panels.filter((panel) => panel.type === 'timeseries')
      .map((panel) => panel.title);
    expect(titles).toEqual([
      'Request rate by status',
      'Error ratio (5xx)',
      'Duration',
      'Ready pods',
      'Saturation (share of requests and limits)',
      'CPU',
      'Memory',
      'Restarts',
      'Availability: 99.9% of requests succeed (no 5xx) over 30 days',
      'Latency: 99% of requests complete within 250 ms over 30 days',
      'Error budget remaining (30 days)',
    ]);
    const budget = dashboard().panels.find((panel) => panel.title === 'Error budget remaining (30 days)')!;
    expect(budget.targets!.map((target) => target.expr)).toEqual([
      'slo:error_budget:remaining_ratio{app="gateway",slo="availability"}',
      'slo:error_budget:remaining_ratio{app="gateway",slo="latency"}',
    ]);
  });

  it('shows p95 latency', () => {
    const duration = dashboard().panels.find((panel) => panel.title === 'Duration')!;
    expect(duration.targets!.map((target) => target.legendFormat)).toEqual(['p50', 'p95', 'p99']);
  });

  it('has no HTTP panels for a worker and shows a cron job its runs', () => {
    const workerTitles = dashboard(worker()).panels.map((panel) => panel.title);
    expect(workerTitles).toEqual(expect.arrayContaining(['Pods', 'Ready pods', 'Resources']));
    expect(workerTitles).not.toEqual(expect.arrayContaining(['Requests']));
    expect(workerTitles.some((title) => /Request|Error ratio|Duration/.test(title))).toBe(false);
    const cron = dashboard(cronJob()).panels.map((panel) => panel.title);
    expect(cron).toEqual([
      'Runs',
      'Runs succeeded and failed',
      'Run duration',
      'Time since the last scheduled run',
      'Resources',
      'Saturation (share of requests and limits)',
      'CPU',
      'Memory',
      'Restarts',
    ]);
  });

  it('gives the cluster an overview dashboard in the platform folder, across every namespace', () => {
    const rendered = render(stagingCluster(), [webService()]);
    const configMap = rendered.object('monitoring/configmap-cluster-overview-dashboard.yaml');
    expect(configMap).toMatchObject({
      metadata: {
        namespace: 'monitoring',
        labels: { grafana_dashboard: '1' },
        annotations: { grafana_folder: 'platform' },
      },
    });
    const json = JSON.parse((field(configMap, 'data') as Record<string, string>)['cluster-overview.json']!) as {
      title: string;
      panels: Panel[];
    };
    expect(json).toEqual(JSON.parse(JSON.stringify(clusterOverviewDashboard('staging'))));
    expect(json.panels.map((panel) => panel.title)).toContain('Error budget remaining by app');
  });

  it('queries only the app own series, through the selected Prometheus data source', () => {
    const panels = dashboard().panels.filter((panel) => panel.type === 'timeseries');
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      for (const target of panel.targets ?? []) {
        expect(target.expr).toMatch(
          /job="gateway",namespace="gateway"|namespace="gateway",container="gateway"|namespace="gateway",deployment="gateway"|app="gateway"/,
        );
      }
    }
    const byTitle = (title: string): string[] =>
      panels.find((panel) => panel.title === title)!.targets!.map((t) => t.expr);
    expect(byTitle('Request rate by status')).toEqual([
      'sum by (code) (rate(http_requests_total{job="gateway",namespace="gateway"}[$__rate_interval]))',
    ]);
    expect(byTitle('Duration')[2]).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="gateway",namespace="gateway"}[$__rate_interval])))',
    );
    expect(byTitle('Restarts')).toEqual([
      'sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace="gateway",container="gateway"}[1h]))',
    ]);
  });

  it('has no SLO panels for an app without SLOs', () => {
    const titles = dashboard(worker()).panels.map((panel) => panel.title);
    expect(titles).not.toContain('Service level objectives');
    expect(titles).not.toContain('Requests');
  });
});
