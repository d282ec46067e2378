import type { ResolvedApp } from '../../lib/model/resolved-app';
import { ERROR_RATIO_RECORD, OBJECTIVE_RECORD, objectives } from './slo';
import { appContainerMatchers, appSeriesMatchers } from './selectors';

/** The parts of Grafana's dashboard JSON model we write. */
export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'row';
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type: 'prometheus'; readonly uid: string };
  readonly targets?: readonly { readonly refId: string; readonly expr: string; readonly legendFormat: string }[];
  readonly fieldConfig?: {
    readonly defaults: { readonly unit: string; readonly min?: number };
    readonly overrides: [];
  };
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc';
  readonly schemaVersion: number;
  readonly editable: boolean;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly Record<string, unknown>[] };
  readonly panels: readonly GrafanaPanel[];
}

interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly (readonly [expr: string, legend: string])[];
}

const DATASOURCE = { type: 'prometheus' as const, uid: '${datasource}' };
const RATE = '[$__rate_interval]';

/**
 * The golden-signal dashboard of an app: traffic, errors and duration from its HTTP metrics, saturation,
 * CPU, memory and restarts from cAdvisor and kube-state-metrics, and its SLOs when it has any. Every query
 * selects the app's own series (its job and namespace, or its container in its namespace).
 */
export function appDashboard(app: ResolvedApp): GrafanaDashboard {
  const { requestsTotal, statusCodeLabel, durationHistogram } = app.httpMetrics;
  const series = appSeriesMatchers(app);
  const container = appContainerMatchers(app);
  const requests = `sum(rate(${requestsTotal}{${series}}${RATE}))`;
  const quantile = (q: string): string =>
    `histogram_quantile(${q}, sum by (le) (rate(${durationHistogram}_bucket{${series}}${RATE})))`;

  const rows: { title: string; panels: PanelSpec[] }[] = [
    {
      title: 'Requests',
      panels: [
        {
          title: 'Request rate by status',
          unit: 'reqps',
          queries: [
            [`sum by (${statusCodeLabel}) (rate(${requestsTotal}{${series}}${RATE}))`, `{{${statusCodeLabel}}}`],
          ],
        },
        {
          title: 'Error ratio (5xx)',
          unit: 'percentunit',
          queries: [
            [`sum(rate(${requestsTotal}{${series},${statusCodeLabel}=~"5.."}${RATE}))\n/\n${requests}`, 'errors'],
          ],
        },
        {
          title: 'Duration',
          unit: 's',
          queries: [
            [quantile('0.5'), 'p50'],
            [quantile('0.9'), 'p90'],
            [quantile('0.99'), 'p99'],
          ],
        },
      ],
    },
    {
      title: 'Resources',
      panels: [
        {
          title: 'Saturation (share of requests and limits)',
          unit: 'percentunit',
          queries: [
            [
              `sum(rate(container_cpu_usage_seconds_total{${container}}${RATE}))\n/\n` +
                `sum(kube_pod_container_resource_requests{${container},resource="cpu"})`,
              'CPU of request',
            ],
            [
              `sum(container_memory_working_set_bytes{${container}})\n/\n` +
                `sum(kube_pod_container_resource_limits{${container},resource="memory"})`,
              'memory of limit',
            ],
          ],
        },
        {
          title: 'CPU',
          unit: 'short',
          queries: [[`sum by (pod) (rate(container_cpu_usage_seconds_total{${container}}${RATE}))`, '{{pod}}']],
        },
        {
          title: 'Memory',
          unit: 'bytes',
          queries: [
            [`sum by (pod) (container_memory_working_set_bytes{${container}})`, '{{pod}}'],
            [`max(kube_pod_container_resource_limits{${container},resource="memory"})`, 'limit'],
          ],
        },
        {
          title: 'Restarts',
          unit: 'short',
          queries: [[`sum by (pod) (increase(kube_pod_container_status_restarts_total{${container}}[1h]))`, '{{pod}}']],
        },
      ],
    },
  ];
  if (app.slo !== undefined) {
    rows.push({
      title: 'Service level objectives',
      panels: objectives(app, app.slo).map((objective) => ({
        title: `${objective.kind === 'availability' ? 'Availability' : 'Latency'}: ${objective.meaning}`,
        unit: 'percentunit',
        queries: [
          [`1 - ${ERROR_RATIO_RECORD}1h{app="${app.name}",slo="${objective.kind}"}`, 'good (1h)'],
          [`1 - ${ERROR_RATIO_RECORD}3d{app="${app.name}",slo="${objective.kind}"}`, 'good (3d)'],
          [`${OBJECTIVE_RECORD}{app="${app.name}",slo="${objective.kind}"}`, 'objective'],
        ],
      })),
    });
  }

  const panels: GrafanaPanel[] = [];
  let y = 0;
  for (const row of rows) {
    panels.push({ id: panels.length + 1, type: 'row', title: row.title, gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    row.panels.forEach((panel, index) => {
      panels.push({
        id: panels.length + 1,
        type: 'timeseries',
        title: panel.title,
        gridPos: { x: (index % 3) * 8, y: y + Math.floor(index / 3) * 8, w: 8, h: 8 },
        datasource: DATASOURCE,
        targets: panel.queries.map(([expr, legendFormat], query) => ({
          refId: String.fromCharCode(65 + query),
          expr,
          legendFormat,
        })),
        fieldConfig: { defaults: { unit: panel.unit, min: 0 }, overrides: [] },
      });
    });
    y += Math.ceil(row.panels.length / 3) * 8;
  }

  return {
    uid: `app-${app.name}`.slice(0, 40),
    title: `${app.name} (${app.team})`,
    tags: ['app', `team:${app.team}`, 'generated'],
    timezone: 'utc',
    schemaVersion: 39,
    editable: false,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0 }],
    },
    panels,
  };
}
