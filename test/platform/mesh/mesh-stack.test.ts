import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONVERGE_CATALOG } from '../../../lib/converge/chart-catalog';
import { formatProblem } from '../../../lib/converge/format';
import { infraFacts } from '../../../lib/converge/infra-facts';
import { simulateFirstSync } from '../../../lib/converge/simulate';
import type { ClusterTree, TreeDocument } from '../../../lib/converge/tree';
import type { AwsClusterDefinition, ClusterDefinition } from '../../../lib/model/cluster';
import type { MeshSettings } from '../../../lib/model/platform-settings';
import { resolveProject } from '../../../lib/project/resolve';
import { generateTree } from '../../../lib/synth/generate';
import { checkHelmRelease } from '../../../lib/validate/helm-values/check-helm-values';
import { pssNamespaceLevel } from '../../../lib/validate/policies/pss/namespace-level';
import type { ManifestDocument } from '../../../lib/validate/types';
import { CHART_REFERENCES } from '../../support/charts';
import { problemsOf, project } from '../../support/project';
import { strictSchema } from '../../support/schemas';
import { render, stagingCluster, webService, worker } from '../fixtures';

const MESH: MeshSettings = { istiodReplicas: 2 };

function meshCluster(mesh: MeshSettings = MESH, overrides: Partial<AwsClusterDefinition> = {}): AwsClusterDefinition {
  const base = stagingCluster();
  return stagingCluster({ ...overrides, platform: { ...base.platform, mesh } });
}

const WAVE = 'argocd.argoproj.io/sync-wave';
type Json = Record<string, unknown>;
const waveOf = (object: Json) => Number((object.metadata as { annotations: Json }).annotations[WAVE]);
const valuesOf = (object: Json) => field(object, 'spec.source.helm.valuesObject') as Json;
function field(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);
}

/** The cluster's generated tree in memory, as converge reads generated/ from disk. */
function convergeTree(
  definition: ClusterDefinition,
  edit: (path: string, object: Json) => Json | undefined = (_, o) => o,
  specs = [webService(), worker()],
) {
  const input = project(specs, [{ ...definition, apps: { gateway: {}, worker: {} } }]);
  const [cluster] = resolveProject(input);
  const folders = new Map<string, TreeDocument[]>();
  for (const file of generateTree(input)) {
    const folder = `generated/${file.path.split('/').slice(0, 2).join('/')}`;
    const object = edit(file.path, parse(file.content) as Json);
    if (object === undefined) continue;
    folders.set(folder, [...(folders.get(folder) ?? []), { file: `generated/${file.path}`, object }]);
  }
  const tree: ClusterTree = { cluster: definition.name, rootPath: `generated/${definition.name}/argocd`, folders };
  return simulateFirstSync(tree, infraFacts(cluster!), CONVERGE_CATALOG);
}

describe('mesh unit', () => {
  const rendered = render(meshCluster(), [webService()]);
  const chart = (release: string) => rendered.object(`mesh/application-helm-${release}.yaml`);

  it('is off unless platform.mesh is set', () => {
    expect(render(stagingCluster(), [webService()]).paths.filter((path) => path.startsWith('mesh/'))).toEqual([]);
  });

  it('installs base, istiod, istio-cni and ztunnel in that order, then the mesh-wide resources', () => {
    const order = ['istio-base', 'istiod', 'istio-cni', 'ztunnel'].map((release) => waveOf(chart(release)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(4);
    const namespaces = waveOf(rendered.object('mesh/namespace-istio-node.yaml'));
    expect(namespaces).toBeLessThan(order[0]!);
    expect(waveOf(rendered.object('mesh/telemetry-mesh-default.yaml'))).toBeGreaterThan(order[3]!);
    expect(['istio-base', 'istiod', 'istio-cni', 'ztunnel'].map((r) => field(chart(r), 'spec.source.chart'))).toEqual([
      'base',
      'istiod',
      'cni',
      'ztunnel',
    ]);
  });

  it('converges on a fresh cluster, and refuses Istio resources applied before istiod runs', () => {
    expect(convergeTree(meshCluster()).problems.map(formatProblem)).toEqual([]);
    // istiod moved after the Telemetry: its webhook, which admits every Istio resource, is not running yet.
    const late = convergeTree(meshCluster(), (path, object) =>
      path.endsWith('mesh/application-helm-istiod.yaml')
        ? { ...object, metadata: { ...(object.metadata as Json), annotations: { [WAVE]: '5' } } }
        : object,
    );
    expect(late.problems.map(formatProblem)).toContainEqual(
      expect.stringContaining(
        'Telemetry istio-system/mesh-default (Application mesh, sync wave -35, wave 0 in its folder): webhook istio-validator-istio-system, which admits telemetry.istio.io/Telemetry, is not running yet',
      ),
    );
  });

  it("installs the Gateway API CRDs before an app's waypoint and route need them", () => {
    const specs = [
      webService({ allowedClients: ['worker'] }),
      worker({ dependencies: { gateway: { timeoutSeconds: 2 } } }),
    ];
    const mesh = meshCluster({ ...MESH, enrollAppsByDefault: true });
    expect(convergeTree(mesh, undefined, specs).problems.map(formatProblem)).toEqual([]);
    const without = convergeTree(
      mesh,
      (path, object) => (path.endsWith('mesh/application-gateway-api-crds.yaml') ? undefined : object),
      specs,
    );
    expect(without.problems.map(formatProblem)).toEqual([
      expect.stringContaining('HTTPRoute gateway/gateway-http'),
      expect.stringContaining('Gateway gateway/waypoint'),
    ]);
    expect(without.problems.map(formatProblem).join('\n')).toContain(
      'its CRD gateway.networking.k8s.io/Gateway does not exist yet: nothing in the tree provides it',
    );
  });

  it('runs istiod under the restricted profile and only the node agents in a privileged namespace', () => {
    const labels = (name: string) => field(rendered.object(`mesh/namespace-${name}.yaml`), 'metadata.labels') as Json;
    expect(labels('istio-system')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(labels('istio-node')['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(labels('istio-node')['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(field(chart('istiod'), 'spec.destination.namespace')).toBe('istio-system');
    expect(['istio-cni', 'ztunnel'].map((release) => field(chart(release), 'spec.destination.namespace'))).toEqual([
      'istio-node',
      'istio-node',
    ]);
    expect(valuesOf(chart('istiod')).trustedZtunnelNamespace).toBe('istio-node');
    expect(valuesOf(chart('istiod')).seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it("gives every chart values the chart has (Istio's defaults live under _internal_defaults_do_not_set)", () => {
    const release = (name: string) => ({
      cluster: 'staging',
      chart: String(field(chart(name), 'spec.source.chart')),
      version: String(field(chart(name), 'spec.source.targetRevision')),
      values: valuesOf(chart(name)),
    });
    for (const name of ['istio-base', 'istiod', 'istio-cni', 'ztunnel'])
      expect(checkHelmRelease(release(name), CHART_REFERENCES)).toEqual([]);
    const typo = { ...release('istiod'), values: { ...valuesOf(chart('istiod')), trustedZtunnelNamespaec: 'x' } };
    expect(checkHelmRelease(typo, CHART_REFERENCES)).toEqual([
      "chart istiod, cluster staging: key trustedZtunnelNamespaec is not in the chart's values.yaml (reference 1.30.3); did you mean trustedZtunnelNamespace?",
    ]);
  });

  it('sends traces to the OTLP endpoint of the cluster, by default the Alloy receiver', async () => {
    const provider = (definition: ClusterDefinition) =>
      field(
        render(definition, [webService()]).object('mesh/application-helm-istiod.yaml'),
        'spec.source.helm.valuesObject.meshConfig.extensionProviders',
      );
    expect(provider(meshCluster())).toEqual([
      { name: 'otlp-tracing', opentelemetry: { service: 'alloy.alloy.svc.cluster.local', port: 4317 } },
    ]);
    const custom = meshCluster({ ...MESH, tracing: { otlpService: 'otel.tracing.svc.cluster.local', otlpPort: 4417 } });
    expect(provider(custom)).toEqual([
      { name: 'otlp-tracing', opentelemetry: { service: 'otel.tracing.svc.cluster.local', port: 4417 } },
    ]);
    const telemetry = rendered.object('mesh/telemetry-mesh-default.yaml');
    expect(field(telemetry, 'spec.tracing')).toEqual([
      { providers: [{ name: 'otlp-tracing' }], randomSamplingPercentage: 1 },
    ]);
    const problems = strictSchema('1.34');
    for (const { path, object } of rendered.objects().filter(({ path }) => path.startsWith('mesh/')))
      expect({ path, problems: await problems(object) }).toEqual({ path, problems: [] });
  });

  it('refuses bad mesh settings with the field and what is allowed', () => {
    const errors = problemsOf(() =>
      render(
        meshCluster({
          istiodReplicas: 0,
          enrollAppsByDefault: 'yes',
          tracing: { otlpService: 'tempo', otlpPort: 70000, samplingPercent: 150 },
          sidecars: true,
        } as unknown as MeshSettings),
        [webService()],
      ),
    );
    expect(errors).toEqual([
      'clusters/staging.ts: cluster "staging": platform.mesh.sidecars: unknown field; known fields: istiodReplicas, enrollAppsByDefault, tracing',
      'clusters/staging.ts: cluster "staging": platform.mesh.istiodReplicas: 0 must be an integer of at least 1',
      'clusters/staging.ts: cluster "staging": platform.mesh.enrollAppsByDefault: "yes" must be true or false',
      'clusters/staging.ts: cluster "staging": platform.mesh.tracing.otlpService: "tempo" must be a Service name <service>.<namespace>.svc.cluster.local, such as "alloy.alloy.svc.cluster.local"',
      'clusters/staging.ts: cluster "staging": platform.mesh.tracing.otlpPort: 70000 is out of range: a port is an integer from 1 to 65535',
      'clusters/staging.ts: cluster "staging": platform.mesh.tracing.samplingPercent: 150 must be a percentage from 0 to 100',
    ]);
  });
});

describe('validate: pss-namespace-level', () => {
  const namespace = (labels: Json, annotations: Json = {}): ManifestDocument =>
    ({
      cluster: 'fixture',
      file: 'generated/fixture/x/namespace-x.yaml',
      index: 0,
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels, annotations } },
    }) as unknown as ManifestDocument;
  const check = (document: ManifestDocument) =>
    (
      pssNamespaceLevel.check({ cluster: {} as never, documents: [document], repoRoot: '.' }) as { message: string }[]
    ).map((finding) => finding.message);
  const enforce = (level: string) => ({ 'pod-security.kubernetes.io/enforce': level });

  it("accepts the mesh's namespaces: restricted, and privileged with a waiver per relaxed control", () => {
    const rendered = render(meshCluster(), [webService()]);
    for (const name of ['istio-system', 'istio-node']) {
      const object = rendered.object(`mesh/namespace-${name}.yaml`);
      expect(check({ ...namespace({}), object } as ManifestDocument)).toEqual([]);
    }
  });

  it('refuses a namespace below restricted that waives nothing, or less than its level relaxes', () => {
    expect(check(namespace(enforce('privileged')))).toEqual([
      'namespace "x" enforces "privileged", but it waives no Pod Security Standards control',
    ]);
    expect(check(namespace(enforce('privileged'), { 'policy.platform/waive-pss-run-as-user': 'uid 0' }))).toEqual([
      'namespace "x" enforces "privileged", but its waivers (pss-run-as-user) need baseline',
    ]);
    expect(check(namespace(enforce('baseline'), { 'policy.platform/waive-pss-privileged': 'cni' }))).toEqual([
      'namespace "x" enforces "baseline", but its waivers (pss-privileged) need privileged',
    ]);
  });
});
