import { chartInstalls, type ChartInstallsTable, enabled, valueAt } from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * kube-prometheus-stack, chart repository https://prometheus-community.github.io/helm-charts
 * (github.com/prometheus-community/helm-charts, charts/kube-prometheus-stack; release
 * kube-prometheus-stack-92.15.0).
 */
export const KUBE_PROMETHEUS_STACK_CHART: ChartPin = {
  chart: 'kube-prometheus-stack',
  repoURL: 'https://prometheus-community.github.io/helm-charts',
  version: '92.15.0',
};

/** The Helm release of kube-prometheus-stack (monitoring-stack.ts); the chart names its objects after it. */
export const KUBE_PROMETHEUS_STACK_RELEASE = 'kube-prometheus-stack';

/** The Prometheus Service the chart creates (`<release>-prometheus`, port 9090) in the monitoring namespace. */
export const PROMETHEUS_SERVICE = { name: `${KUBE_PROMETHEUS_STACK_RELEASE}-prometheus`, port: 9090 } as const;

const PROMETHEUS_OPERATOR_CRDS = [
  'Alertmanager',
  'AlertmanagerConfig',
  'PodMonitor',
  'Probe',
  'Prometheus',
  'PrometheusAgent',
  'PrometheusRule',
  'ScrapeConfig',
  'ServiceMonitor',
  'ThanosRuler',
].map((kind) => `monitoring.coreos.com/${kind}`);

/** What kube-prometheus-stack installs (see lib/converge/chart-installs.ts). */
export const KUBE_PROMETHEUS_STACK_INSTALLS: ChartInstallsTable = {
  chart: 'kube-prometheus-stack',
  allCrds: PROMETHEUS_OPERATOR_CRDS,
  installs: (release) => {
    const { values, releaseName } = release;
    const claim = (what: string, path: string) => {
      const template = valueAt(values, `${path}.volumeClaimTemplate`);
      if (template === undefined) return [];
      const storageClassName = valueAt(values, `${path}.volumeClaimTemplate.spec.storageClassName`);
      return [{ what, ...(typeof storageClassName === 'string' ? { storageClassName } : {}) }];
    };
    const webhooks = enabled(values, 'prometheusOperator.admissionWebhooks.enabled', true);
    return chartInstalls({
      crds: enabled(values, 'crds.enabled', true) ? PROMETHEUS_OPERATOR_CRDS : [],
      serviceAccounts: ['operator', 'prometheus', 'alertmanager'].map((name) => ({
        namespace: release.namespace,
        name: `${releaseName}-${name}`,
      })),
      webhooks: webhooks
        ? [
            {
              name: `${releaseName}-admission`,
              admits: ['monitoring.coreos.com/PrometheusRule', 'monitoring.coreos.com/AlertmanagerConfig'],
            },
          ]
        : [],
      volumeClaims: [
        ...claim('Prometheus', 'prometheus.prometheusSpec.storageSpec'),
        ...claim('Alertmanager', 'alertmanager.alertmanagerSpec.storage'),
      ],
      // The webhook's certificate: created before the chart, patched into the webhook configurations after it.
      hooks: webhooks
        ? [
            { phase: 'PreSync', kind: 'Job', name: `${releaseName}-admission-create` },
            { phase: 'PostSync', kind: 'Job', name: `${releaseName}-admission-patch` },
          ]
        : [],
    });
  },
};
