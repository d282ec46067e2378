import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { WorkloadKind } from '../../lib/model/app-spec';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels, selectorLabels } from '../../lib/render/labels';
import { ROLLOUT_HASH_LABEL, ROLLOUT_ROLE_LABEL } from '../../lib/render/rollout';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';

/** The label whose value becomes the `job` of the app's series: the app name, for ServiceMonitor and PodMonitor alike. */
export const JOB_LABEL = 'app.kubernetes.io/name';

export interface AppMetricsMonitorProps {
  readonly app: ResolvedApp;
}

/**
 * Tells Prometheus to scrape the app's metrics port: a ServiceMonitor for web services (through their
 * Service), a PodMonitor for workers (which have no Service). Cron jobs run too briefly to be scraped, and
 * apps without `metricsPort` expose nothing: neither gets a monitor.
 */
export class AppMetricsMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AppMetricsMonitorProps) {
    super(scope, id);
    const { app } = props;
    if (app.metrics === undefined || app.kind === WorkloadKind.CRON_JOB) return;
    const metadata = {
      name: app.name,
      namespace: app.name,
      labels: appLabels(app),
      annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
    };
    const endpoint = {
      port: app.metrics.port,
      path: app.metrics.path,
      interval: DEFAULTS.scrapeInterval,
      scheme: 'http',
      // A Rollout's pods say which revision (and side) they are: analysis and alerts tell canary from stable.
      ...(app.delivery === undefined ? {} : { relabelings: rolloutRelabelings() }),
    };
    if (app.kind === WorkloadKind.WEB_SERVICE) {
      new ApiObject(this, 'service-monitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata,
        spec: {
          jobLabel: JOB_LABEL,
          selector: {
            matchLabels: selectorLabels(app),
            // The Services Argo Rollouts steers (stable, canary, preview) select pods the app's own Service
            // already covers: scraping them too would count those pods twice.
            ...(app.delivery === undefined
              ? {}
              : { matchExpressions: [{ key: ROLLOUT_ROLE_LABEL, operator: 'DoesNotExist' }] }),
          },
          namespaceSelector: { matchNames: [app.name] },
          endpoints: [endpoint],
        },
      });
    } else {
      new ApiObject(this, 'pod-monitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata,
        spec: {
          jobLabel: JOB_LABEL,
          selector: { matchLabels: selectorLabels(app) },
          namespaceSelector: { matchNames: [app.name] },
          podMetricsEndpoints: [endpoint],
        },
      });
    }
  }
}

/** The series labels a Rollout's pods get: `rollouts_pod_template_hash` (the revision) and `rollout_role`. */
export const ROLLOUT_SERIES_LABELS = { hash: 'rollouts_pod_template_hash', role: 'rollout_role' } as const;

function rolloutRelabelings(): Record<string, unknown>[] {
  const pod = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return [
    { sourceLabels: [pod(ROLLOUT_HASH_LABEL)], targetLabel: ROLLOUT_SERIES_LABELS.hash },
    { sourceLabels: [pod(ROLLOUT_ROLE_LABEL)], targetLabel: ROLLOUT_SERIES_LABELS.role },
  ];
}
