import { describe, expect, it } from 'vitest';
import { cronJob, field, render, stagingCluster, webService, worker } from '../fixtures';

describe('app metrics monitors', () => {
  it('scrapes a web service through its Service with a ServiceMonitor whose job is the app name', () => {
    const rendered = render(stagingCluster(), [webService({ metricsPath: '/internal/metrics' })]);
    const monitor = rendered.object('gateway/servicemonitor-gateway.yaml');
    expect(monitor).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'gateway', namespace: 'gateway', labels: { team: 'edge' } },
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        namespaceSelector: { matchNames: ['gateway'] },
        endpoints: [{ port: 'http', path: '/internal/metrics', interval: '30s', scheme: 'http' }],
      },
    });
    const service = rendered.object('gateway/service-gateway.yaml');
    const selector = field(monitor, 'spec.selector.matchLabels') as Record<string, string>;
    expect(field(service, 'metadata.labels')).toMatchObject(selector);
    expect((field(service, 'spec.ports') as { name: string }[]).map((port) => port.name)).toContain('http');
  });

  it('scrapes a worker, which has no Service, with a PodMonitor on its pods', () => {
    const rendered = render(stagingCluster(), [worker()]);
    expect(rendered.has('worker/servicemonitor-worker.yaml')).toBe(false);
    const monitor = rendered.object('worker/podmonitor-worker.yaml');
    expect(monitor).toMatchObject({
      kind: 'PodMonitor',
      metadata: { name: 'worker', namespace: 'worker' },
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
      },
    });
    const podLabels = field(rendered.object('worker/deployment-worker.yaml'), 'spec.template.metadata.labels');
    expect(podLabels).toMatchObject(field(monitor, 'spec.selector.matchLabels') as Record<string, string>);
  });

  it('gives an app without metrics no ServiceMonitor or PodMonitor, and a dashboard without HTTP panels', () => {
    const rendered = render(stagingCluster(), [
      webService({ metricsPort: undefined, slo: undefined }),
      worker({ metricsPort: undefined }),
    ]);
    expect(rendered.paths.filter((path) => /servicemonitor|podmonitor/.test(path))).toEqual([]);
    const data = rendered.object('gateway/configmap-gateway-dashboard.yaml').data as Record<string, string>;
    expect(data['gateway.json']).not.toContain('http_requests_total');
  });

  it('does not scrape cron jobs, which finish before a scrape', () => {
    const rendered = render(stagingCluster(), [
      cronJob({ ports: [{ name: 'metrics', port: 9090 }], metricsPort: 'metrics' }),
    ]);
    expect(rendered.paths.filter((path) => /servicemonitor|podmonitor/.test(path))).toEqual([]);
  });

  it('lets Prometheus in on the metrics port only', () => {
    const policy = render(stagingCluster(), [worker()]).object('worker/networkpolicy-worker.yaml');
    expect(field(policy, 'spec.ingress')).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ]);
  });
});
