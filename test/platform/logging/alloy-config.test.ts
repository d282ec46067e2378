import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function alloy(definition = stagingCluster()): { application: Record<string, unknown>; config: string } {
  const application = render(definition, []).object('logging/application-helm-alloy.yaml');
  return { application, config: field(application, 'spec.source.helm.valuesObject.alloy.configMap.content') as string };
}

describe('Grafana Alloy log shipping', () => {
  it('runs the pinned Alloy chart as a DaemonSet reading the node /var/log', () => {
    const { application } = alloy();
    expect(field(application, 'spec.source')).toMatchObject({
      repoURL: 'https://grafana.github.io/helm-charts',
      chart: 'alloy',
      targetRevision: '1.5.3',
    });
    expect(field(application, 'spec.source.helm.valuesObject')).toMatchObject({
      controller: { type: 'daemonset' },
      alloy: { configMap: { create: true }, mounts: { varlog: true } },
      serviceMonitor: { enabled: true },
    });
  });

  it('labels every stream with namespace, app, pod and container', () => {
    const { config } = alloy();
    for (const [source, target] of [
      ['__meta_kubernetes_namespace', 'namespace'],
      ['__meta_kubernetes_pod_label_app_kubernetes_io_name', 'app'],
      ['__meta_kubernetes_pod_name', 'pod'],
      ['__meta_kubernetes_pod_container_name', 'container'],
    ]) {
      expect(config).toContain(`  rule {\n    source_labels = ["${source}"]\n    target_label  = "${target}"\n  }`);
    }
    expect(config).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
    expect(config).toContain('replacement   = "/var/log/pods/*$1/*.log"');
  });

  it('parses JSON lines so that level is a label and trace_id structured metadata', () => {
    const { config } = alloy();
    expect(config).toContain('  stage.json {\n    expressions = { level = "level", trace_id = "trace_id" }\n  }');
    expect(config).toContain('  stage.labels {\n    values = { level = "" }\n  }');
    expect(config).toContain('  stage.structured_metadata {\n    values = { trace_id = "" }\n  }');
  });

  it('pushes to the single binary of a monolithic Loki with the cluster label', () => {
    const { config } = alloy();
    expect(config).toContain('url = "http://loki.loki.svc.cluster.local:3100/loki/api/v1/push"');
    expect(config).toContain('external_labels = { cluster = "staging" }');
  });

  it('pushes to the distributors of a distributed Loki', () => {
    const { config } = alloy(productionCluster());
    expect(config).toContain('url = "http://loki-distributor.loki.svc.cluster.local:3100/loki/api/v1/push"');
    expect(config).toContain('external_labels = { cluster = "production" }');
  });
});
