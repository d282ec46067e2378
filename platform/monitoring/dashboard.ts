import type { ResolvedApp } from '../../lib/model/resolved-app';
import { WorkloadKind } from '../../lib/model/app-spec';
import { BUDGET_REMAINING_RECORD, ERROR_RATIO_RECORD, OBJECTIVE_RECORD, objectives } from './slo';
import { ROLLOUT_SERIES_LABELS } from './app-monitor';
import { appContainerMatchers, appSeriesMatchers, replicaSeries } from './selectors';

/** The parts of Grafana's dashboard JSON model we write. */
export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'row';
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type: 'prometheus'; readonly uid: string };
  readonly targets?: readonly {
    readonly refId: string;
    readonly expr: string;
    readonly legendFormat: string;
    /** Query the trace ids of the samples too: Grafana draws them as points that open the trace. */
    readonly exemplar?: boolean;
  }[];
  readonly links?: readonly { readonly title: string; readonly url: string }[];
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

export interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  /** The axis goes below 0 (an overspent error budget). @default false: it starts at 0 */
  readonly negative?: boolean;
  readonly queries: readonly (readonly [expr: string, legend: string])[];
  /** Show exemplars (trace ids of samples) and link the panel to the app's traces in Tempo. @default false */
  readonly traces?: { readonly service: string };
}

/**
 * Grafana's Explore on the Tempo data source, searching the traces of one service (TraceQL). The uid is the
 * Tempo data source's (platform/monitoring/kube-prometheus-stack-values.ts).
 */
export function tracesExploreUrl(service: string, tempoUid = 'tempo'): string {
  const pane = {
    traces: {
      datasource: tempoUid,
      queries: [
        {
          refId: 'A',
          datasource: { type: 'tempo', uid: tempoUid },
          queryType: 'traceql',
          query: `{resource.service.name="${service}"}`,
        },
      ],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(pane))}`;
}

export interface Row {
  readonly title: string;
  readonly panels: PanelSpec[];
}

const DATASOURCE = { type: 'prometheus' as const, uid: '${datasource}' };
const RATE = '[$__rate_interval]';

/**
 * The dashboard of an app, by workload kind: a web service with metrics shows traffic, errors and duration
 * (p50, p95, p99) from its HTTP metrics; web services and workers their ready pods; cron jobs their runs
 * (succeeded, failed, duration, time since the last schedule). Every kind shows saturation, CPU, memory and
 * restarts from cAdvisor and kube-state-metrics, and its SLOs with the error budget left when it has any.
 * Workers and cron jobs get no HTTP panels. Every query selects the app's own series (its job and namespace,
 * or its container in its namespace).
 */
export function appDashboard(app: ResolvedApp): GrafanaDashboard {
  const { requestsTotal, statusCodeLabel, durationHistogram } = app.httpMetrics;
  const series = appSeriesMatchers(app);
  const container = appContainerMatchers(app);
  const requests = `sum(rate(${requestsTotal}{${series}}${RATE}))`;
  const quantile = (q: string): string =>
    `histogram_quantile(${q}, sum by (le) (rate(${durationHistogram}_bucket{${series}}${RATE})))`;

  const ns = `namespace="${app.name}"`;
  const httpRow: Row = {
    title: 'Requests',
    panels: [
      {
        title: 'Request rate by status',
        unit: 'reqps',
        ...(app.tracing === undefined ? {} : { traces: { service: app.name } }),
        queries: [[`sum by (${statusCodeLabel}) (rate(${requestsTotal}{${series}}${RATE}))`, `{{${statusCodeLabel}}}`]],
      },
      {
        title: 'Error ratio (5xx)',
        unit: 'percentunit',
        queries: [
          [`sum(rate(${requestsTotal}{${series},${statusCodeLabel}=~"5.."}${RATE}))\n/\n${requests}`, 'errors'],
        ],
      },
      // A Rollout's sides next to each other: a canary (or a new blue-green version) going wrong shows here first.
      ...(app.delivery === undefined
        ? []
        : [
            {
              title: 'Error ratio (5xx) by rollout side',
              unit: 'percentunit',
              queries: [
                [
                  `sum by (${ROLLOUT_SERIES_LABELS.role}) (rate(${requestsTotal}{${series},${statusCodeLabel}=~"5.."}${RATE}))\n/\n` +
                    `sum by (${ROLLOUT_SERIES_LABELS.role}) (rate(${requestsTotal}{${series}}${RATE}))`,
                  `{{${ROLLOUT_SERIES_LABELS.role}}}`,
                ],
              ],
            } satisfies PanelSpec,
            {
              title: 'p95 duration by rollout side',
              unit: 's',
              queries: [
                [
                  `histogram_quantile(0.95, sum by (le, ${ROLLOUT_SERIES_LABELS.role}) (rate(${durationHistogram}_bucket{${series}}${RATE})))`,
                  `{{${ROLLOUT_SERIES_LABELS.role}}}`,
                ],
              ],
            } satisfies PanelSpec,
          ]),
      {
        title: 'Duration',
        unit: 's',
        ...(app.tracing === undefined ? {} : { traces: { service: app.name } }),
        queries: [
          [quantile('0.5'), 'p50'],
          [quantile('0.95'), 'p95'],
          [quantile('0.99'), 'p99'],
        ],
      },
    ],
  };
  const workloadRow: Row =
    app.kind === WorkloadKind.CRON_JOB
      ? {
          title: 'Runs',
          panels: [
            {
              title: 'Runs succeeded and failed',
              unit: 'short',
              queries: [
                [`count(kube_job_status_succeeded{${ns}} > 0) or vector(0)`, 'succeeded (kept Jobs)'],
                [`count(kube_job_failed{${ns},condition="true"} > 0) or vector(0)`, 'failed (kept Jobs)'],
              ],
            },
            {
              title: 'Run duration',
              unit: 's',
              queries: [
                [
                  `max by (job_name) (kube_job_status_completion_time{${ns}} - kube_job_status_start_time{${ns}})`,
                  '{{job_name}}',
                ],
              ],
            },
            {
              title: 'Time since the last scheduled run',
              unit: 's',
              queries: [
                [`time() - max(kube_cronjob_status_last_schedule_time{${ns},cronjob="${app.name}"})`, 'since last run'],
              ],
            },
          ],
        }
      : {
          title: 'Pods',
          panels: [
            {
              title: 'Ready pods',
              unit: 'short',
              queries: [
                [`max(${replicaSeries(app).available})`, 'ready'],
                [`max(${replicaSeries(app).desired})`, 'desired'],
              ],
            },
          ],
        };
  const rows: Row[] = [
    ...(app.kind === WorkloadKind.WEB_SERVICE && app.metrics !== undefined ? [httpRow] : []),
    workloadRow,
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
    const list = objectives(app, app.slo);
    rows.push({
      title: 'Service level objectives',
      panels: [
        ...list.map((objective): PanelSpec => ({
          title: `${objective.kind === 'availability' ? 'Availability' : 'Latency'}: ${objective.meaning}`,
          unit: 'percentunit',
          queries: [
            [`1 - ${ERROR_RATIO_RECORD}1h{app="${app.name}",slo="${objective.kind}"}`, 'good (1h)'],
            [`1 - ${ERROR_RATIO_RECORD}3d{app="${app.name}",slo="${objective.kind}"}`, 'good (3d)'],
            [`${OBJECTIVE_RECORD}{app="${app.name}",slo="${objective.kind}"}`, 'objective'],
          ],
        })),
        {
          title: `Error budget remaining (${app.slo.windowDays} days)`,
          unit: 'percentunit',
          negative: true,
          queries: list.map((objective): readonly [string, string] => [
            `${BUDGET_REMAINING_RECORD}{app="${app.name}",slo="${objective.kind}"}`,
            objective.kind,
          ]),
        },
      ],
    });
  }

  return dashboardJson(`app-${app.name}`.slice(0, 40), `${app.name} (${app.team})`, ['app', `team:${app.team}`], rows);
}

/** A dashboard of rows of time series panels, three per line, on the selected Prometheus data source. */
export function dashboardJson(
  uid: string,
  title: string,
  tags: readonly string[],
  rows: readonly Row[],
): GrafanaDashboard {
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
          ...(panel.traces === undefined ? {} : { exemplar: true }),
        })),
        ...(panel.traces === undefined
          ? {}
          : { links: [{ title: `Traces of ${panel.traces.service}`, url: tracesExploreUrl(panel.traces.service) }] }),
        fieldConfig: { defaults: { unit: panel.unit, ...(panel.negative === true ? {} : { min: 0 }) }, overrides: [] },
      });
    });
    y += Math.ceil(row.panels.length / 3) * 8;
  }
  return {
    uid,
    title,
    tags: [...tags, 'generated'],
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
