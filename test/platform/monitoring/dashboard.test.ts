import { describe, expect, it } from 'vitest';
import { field, render, stagingCluster, webService, worker } from '../fixtures';

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

  it('shows traffic, errors, duration, saturation, CPU, memory and restarts, then the SLOs', () => {
    const titles = dashboard()
      .panels.filter((panel) => panel.type === 'timeseries')
      .map((panel) => panel.title);
    expect(titles).toEqual([
      'Request rate by status',
      'Error ratio (5xx)',
      'Duration',
      'Saturation (share of requests and limits)',
      'CPU',
      'Memory',
      'Restarts',
      'Availability: 99.9% of requests succeed (no 5xx) over 30 days',
      'Latency: 99% of requests complete within 250 ms over 30 days',
    ]);
  });

  it('queries only the app own series, through the selected Prometheus data source', () => {
    const panels = dashboard().panels.filter((panel) => panel.type === 'timeseries');
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe('${datasource}');
      for (const target of panel.targets ?? []) {
        expect(target.expr).toMatch(
          /job="gateway",namespace="gateway"|namespace="gateway",container="gateway"|app="gateway"/,
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
    expect(titles).toContain('Requests');
  });
});
