import { describe, expect, it } from 'vitest';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { COST_ALLOCATION_LABELS, kubeStateMetricsLabel } from '../../../lib/render/labels';
import { OPENCOST_NAMESPACE } from '../../../platform/cost/cost-stack';
import {
  cronJob,
  field,
  productionCluster,
  render,
  resolveCluster,
  stagingCluster,
  webService,
  worker,
} from '../fixtures';
import { problemsOf } from '../../support/project';
import { repositoryOutput } from '../../support/repository-output';
import { parse } from 'yaml';

function withCost(cluster: ClusterDefinition, cost: object = {}): ClusterDefinition {
  return { ...cluster, platform: { ...cluster.platform, cost } };
}

describe('cost (OpenCost)', () => {
  it('renders nothing unless the cluster turns it on', () => {
    const rendered = render(stagingCluster(), []);
    expect(rendered.paths.filter((path) => path.startsWith('cost/'))).toEqual([]);
  });

  it("installs OpenCost's exporter in a restricted namespace, reading the Prometheus that monitoring installs", () => {
    const rendered = render(withCost(stagingCluster()), []);
    const app = rendered.object('cost/application-helm-opencost.yaml');
    const kps = rendered.object('monitoring/application-helm-kube-prometheus-stack.yaml');
    expect(field(app, 'spec.destination.namespace')).toBe(OPENCOST_NAMESPACE);
    expect(field(app, 'syncPolicy')).toBeUndefined();
    expect(field(app, 'spec.syncPolicy.managedNamespaceMetadata.labels')).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      team: 'platform',
      environment: 'staging',
    });
    const values = field(app, 'spec.source.helm.valuesObject');
    // The Service kube-prometheus-stack names `<release>-prometheus` in the monitoring namespace.
    expect(field(values, 'opencost.prometheus.internal')).toEqual({
      enabled: true,
      serviceName: `${String(field(kps, 'spec.source.helm.releaseName'))}-prometheus`,
      namespaceName: field(kps, 'spec.destination.namespace'),
      port: 9090,
    });
    expect(field(values, 'opencost.metrics.serviceMonitor.enabled')).toBe(true);
    expect(field(values, 'opencost.ui.enabled')).toBe(false);
    expect(field(values, 'opencost.mcp.enabled')).toBe(false);
    expect(field(values, 'clusterName')).toBe('staging');
  });

  it('runs the exporter as the restricted profile demands, with writable scratch on emptyDir', () => {
    const values = field(
      render(withCost(stagingCluster()), []).object('cost/application-helm-opencost.yaml'),
      'spec.source.helm.valuesObject',
    );
    expect(field(values, 'podSecurityContext')).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(field(values, 'opencost.exporter.securityContext')).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    const volumes = (field(values, 'extraVolumes') as { name: string; emptyDir?: object }[]).map((v) => v.name);
    const mounts = field(values, 'opencost.exporter.extraVolumeMounts') as { name: string }[];
    expect(mounts.map((mount) => mount.name).sort()).toEqual([...volumes].sort());
  });

  it('sizes the exporter from the cluster settings', () => {
    const values = field(
      render(withCost(productionCluster(), { memoryRequestMi: 512, memoryLimitMi: 2048 }), []).object(
        'cost/application-helm-opencost.yaml',
      ),
      'spec.source.helm.valuesObject',
    );
    expect(field(values, 'opencost.exporter.resources')).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { memory: '2048Mi' },
    });
  });

  it('refuses cost without monitoring, unknown fields and a limit below the request', () => {
    const cluster = stagingCluster();
    const withoutMonitoring = { ...cluster.platform, monitoring: undefined };
    expect(
      problemsOf(() =>
        resolveCluster(
          {
            ...cluster,
            platform: { ...withoutMonitoring, cost: { memoryRequestMi: 512, memoryLimitMi: 256, ui: true } as never },
          },
          [],
        ),
      ),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.cost: OpenCost reads the cluster\'s Prometheus; add platform.monitoring too',
      'clusters/staging.ts: cluster "staging": platform.cost.ui: unknown field; known fields: memoryRequestMi, memoryLimitMi',
      'clusters/staging.ts: cluster "staging": platform.cost.memoryLimitMi: 256 is below the memory request (512 MiB); raise it to at least 512',
    ]);
  });
});

describe('cost allocation labels', () => {
  const workloads = [webService(), worker(), cronJob()];

  it('are on the pods of every workload kind, with the cluster environment', () => {
    for (const cluster of [stagingCluster(), productionCluster()]) {
      const rendered = render(cluster, workloads);
      const pods = rendered
        .objects()
        .flatMap(({ object }) =>
          object.kind === 'Deployment'
            ? [field(object, 'spec.template.metadata.labels')]
            : object.kind === 'CronJob'
              ? [field(object, 'spec.jobTemplate.spec.template.metadata.labels')]
              : [],
        ) as Record<string, string>[];
      expect(pods).toHaveLength(workloads.length);
      for (const labels of pods) {
        for (const label of Object.values(COST_ALLOCATION_LABELS)) expect(labels[label]).toBeTruthy();
        expect(labels[COST_ALLOCATION_LABELS.environment]).toBe(cluster.environment);
      }
    }
  });

  it('are on every app workload this repository generates, for clusters that render the current platform', async () => {
    const { clusters, files } = await repositoryOutput();
    const current = clusters.filter((cluster) => cluster.definition.promotion === undefined);
    expect(current.length).toBeGreaterThan(0);
    for (const cluster of current) {
      for (const app of cluster.apps) {
        const workloads = files
          .filter((file) => file.path.startsWith(`${cluster.definition.name}/${app.name}/`))
          .map((file) => parse(file.content) as Record<string, unknown>)
          .filter((object) => ['Deployment', 'Rollout', 'CronJob'].includes(String(object.kind)));
        expect(workloads, `${cluster.definition.name}/${app.name}`).toHaveLength(1);
        const pod = workloads[0]!.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
        expect(field(workloads[0], `${pod}.metadata.labels`)).toMatchObject({
          team: app.team,
          'app.kubernetes.io/name': app.name,
          environment: cluster.definition.environment,
        });
      }
    }
  });

  it('are exported by kube-state-metrics, with the node capacity type and pool', () => {
    const values = field(
      render(stagingCluster(), []).object('monitoring/application-helm-kube-prometheus-stack.yaml'),
      'spec.source.helm.valuesObject',
    );
    const allowlist = field(values, 'kube-state-metrics.metricLabelsAllowlist') as string[];
    const pods = allowlist.find((entry) => entry.startsWith('pods='));
    for (const label of Object.values(COST_ALLOCATION_LABELS)) expect(pods).toContain(label);
    expect(allowlist.find((entry) => entry.startsWith('nodes='))).toContain('karpenter.sh/capacity-type');
    expect(kubeStateMetricsLabel(COST_ALLOCATION_LABELS.app)).toBe('label_app_kubernetes_io_name');
  });
});
