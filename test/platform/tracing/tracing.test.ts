import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../../lib/model/app-spec';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { DEFAULTS } from '../../../lib/model/defaults';
import { platformServiceAccount, tempoBucketName } from '../../../lib/naming';
import { appOtlpEndpoint, tempoOtlpAddress, tempoQueryUrl } from '../../../platform/tracing/endpoints';
import { problemsOf } from '../../support/project';
import { field, productionCluster, render, resolveCluster, stagingCluster, webService, worker } from '../fixtures';

function traced(definition: ClusterDefinition, tracing: object = {}): ClusterDefinition {
  return { ...definition, platform: { ...definition.platform, tracing } };
}

const values = (definition: ClusterDefinition, specs: AppSpec[], path: string): Record<string, unknown> =>
  field(render(definition, specs).object(path), 'spec.source.helm.valuesObject') as Record<string, unknown>;

const env = (deployment: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    (
      (field(deployment, 'spec.template.spec.containers') as { env?: { name: string; value?: string }[] }[])[0]!.env ??
      []
    )
      .filter((entry) => entry.name.startsWith('OTEL_'))
      .map((entry) => [entry.name, entry.value!]),
  );

describe('tracing', () => {
  it.each([stagingCluster(), productionCluster()])(
    '$name: Tempo keeps traces in the cluster bucket for the retention, received over OTLP only, as its Pod Identity service account',
    (definition) => {
      const tempo = values(traced(definition, { retentionDays: 3 }), [], 'tracing/application-helm-tempo.yaml');
      const { namespace, serviceAccount } = platformServiceAccount('tempo');
      expect(
        field(
          render(traced(definition), []).object('tracing/application-helm-tempo.yaml'),
          'spec.destination.namespace',
        ),
      ).toBe(namespace);
      expect(tempo).toMatchObject({
        tempo: {
          retention: '72h',
          reportingEnabled: false,
          receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
          storage: {
            trace: {
              backend: 's3',
              s3: {
                bucket: tempoBucketName(definition),
                region: definition.awsRegion,
                endpoint: `s3.${definition.awsRegion}.amazonaws.com`,
              },
            },
          },
        },
        serviceAccount: { create: true, name: serviceAccount },
        persistence: { enabled: true },
      });
      expect(Object.keys((tempo.tempo as { receivers: object }).receivers)).toEqual(['otlp']);
      expect(JSON.stringify(tempo)).not.toMatch(/access_key|secret_key/);
      expect(
        (values(traced(definition), [], 'tracing/application-helm-tempo.yaml').tempo as { retention: string })
          .retention,
      ).toBe(`${DEFAULTS.traceRetentionDays * 24}h`);
    },
  );

  it('is off without platform.tracing: no Tempo, no OTLP receiver in Alloy, no Tempo data source', () => {
    const definition = stagingCluster();
    expect(render(definition, []).paths.some((path) => path.startsWith('tracing/'))).toBe(false);
    const alloy = values(definition, [], 'logging/application-helm-alloy.yaml') as {
      alloy: { configMap: { content: string }; extraPorts?: unknown };
    };
    expect(alloy.alloy.configMap.content).not.toContain('otelcol');
    expect(alloy.alloy.extraPorts).toBeUndefined();
    const grafana = values(definition, [], 'monitoring/application-helm-kube-prometheus-stack.yaml').grafana as {
      additionalDataSources: { type: string; jsonData?: unknown }[];
    };
    expect(grafana.additionalDataSources.map((source) => source.type)).toEqual(['loki']);
    expect(grafana.additionalDataSources[0]!.jsonData).toBeUndefined();
  });

  it("runs Alloy's OTLP receiver on every node and forwards the spans to Tempo", () => {
    const alloy = values(traced(stagingCluster()), [], 'logging/application-helm-alloy.yaml') as {
      alloy: { configMap: { content: string }; extraPorts: unknown };
    };
    const config = alloy.alloy.configMap.content;
    expect(config).toContain(
      'otelcol.receiver.otlp "apps" {\n  grpc {\n    endpoint = "0.0.0.0:4317"\n  }\n  http {\n    endpoint = "0.0.0.0:4318"\n  }',
    );
    expect(config).toContain('traces = [otelcol.processor.batch.traces.input]');
    expect(config).toContain('traces = [otelcol.exporter.otlp.tempo.input]');
    expect(config).toContain(`otelcol.exporter.otlp "tempo" {\n  client {\n    endpoint = "${tempoOtlpAddress()}"`);
    expect(tempoOtlpAddress()).toBe('tempo.tempo.svc.cluster.local:4317');
    expect(alloy.alloy.extraPorts).toEqual([
      { name: 'otlp-grpc', port: 4317, targetPort: 4317, protocol: 'TCP' },
      { name: 'otlp-http', port: 4318, targetPort: 4318, protocol: 'TCP' },
    ]);
    // Logs still flow as before.
    expect(config).toContain('loki.write "default"');
  });

  it('gives an app with tracing the standard OpenTelemetry environment, sampled at the cluster or app rate', () => {
    const definition = traced(productionCluster(), { samplingPercent: 20 });
    const rendered = render(definition, [webService({ tracing: {} }), worker({ tracing: { samplingPercent: 5 } })]);
    expect(env(rendered.object('gateway/deployment-gateway.yaml'))).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: appOtlpEndpoint(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'gateway',
      OTEL_RESOURCE_ATTRIBUTES: `k8s.cluster.name=${definition.name},k8s.namespace.name=gateway,deployment.environment.name=${definition.environment},service.namespace=edge`,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.2',
    });
    expect(env(rendered.object('worker/deployment-worker.yaml')).OTEL_TRACES_SAMPLER_ARG).toBe('0.05');
    expect(appOtlpEndpoint()).toBe('http://alloy.alloy.svc.cluster.local:4318');
    // An app without tracing gets none of it.
    expect(env(render(definition, [webService()]).object('gateway/deployment-gateway.yaml'))).toEqual({});
  });

  it("lets a traced app's pods reach Alloy's OTLP ports, and an untraced app's not", () => {
    const definition = traced(stagingCluster());
    const egress = (spec: AppSpec) =>
      field(render(definition, [spec]).object(`${spec.name}/networkpolicy-${spec.name}.yaml`), 'spec.egress') as {
        to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[];
        ports?: { port: number }[];
      }[];
    const toAlloy = (rules: ReturnType<typeof egress>) =>
      rules.filter((rule) => rule.to?.[0]?.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'alloy');
    expect(toAlloy(egress(webService({ tracing: {} })))).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alloy' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy' } },
          },
        ],
        ports: [
          { port: 4318, protocol: 'TCP' },
          { port: 4317, protocol: 'TCP' },
        ],
      },
    ]);
    expect(toAlloy(egress(webService()))).toEqual([]);
  });

  it('links logs to traces and traces to logs in Grafana, and keeps exemplars', () => {
    const kps = values(traced(stagingCluster()), [], 'monitoring/application-helm-kube-prometheus-stack.yaml') as {
      grafana: {
        additionalDataSources: { name: string; uid: string; url: string; jsonData: Record<string, unknown> }[];
        sidecar: { datasources: Record<string, unknown> };
      };
      prometheus: { prometheusSpec: { enableFeatures: string[] } };
    };
    const [loki, tempo] = kps.grafana.additionalDataSources;
    expect(loki!.jsonData.derivedFields).toEqual([
      expect.objectContaining({
        matcherType: 'label',
        matcherRegex: 'trace_id',
        datasourceUid: 'tempo',
        url: '$${__value.raw}',
      }),
    ]);
    expect(tempo).toMatchObject({ name: 'Tempo', uid: 'tempo', url: tempoQueryUrl() });
    expect(tempo!.jsonData.tracesToLogsV2).toMatchObject({
      datasourceUid: 'loki',
      customQuery: true,
      query: '{namespace="$${__span.tags["k8s.namespace.name"]}"} | trace_id="$${__trace.traceId}"',
    });
    expect(kps.grafana.sidecar.datasources.exemplarTraceIdDestinations).toEqual({
      datasourceUid: 'tempo',
      traceIdLabelName: 'trace_id',
      urlDisplayLabel: 'Open trace',
    });
    expect(kps.prometheus.prometheusSpec.enableFeatures).toEqual(['exemplar-storage']);
  });

  it("shows exemplars on a traced app's request panels and links them to its traces", () => {
    const definition = traced(stagingCluster());
    const dashboard = (spec: AppSpec) =>
      JSON.parse(
        (render(definition, [spec]).object('gateway/configmap-gateway-dashboard.yaml').data as Record<string, string>)[
          'gateway.json'
        ]!,
      ) as { panels: { title: string; targets?: { exemplar?: boolean }[]; links?: { url: string }[] }[] };
    const panel = (spec: AppSpec, title: string) =>
      dashboard(spec).panels.find((candidate) => candidate.title === title)!;
    const duration = panel(webService({ tracing: {} }), 'Duration');
    expect(duration.targets!.every((target) => target.exemplar === true)).toBe(true);
    expect(decodeURIComponent(duration.links![0]!.url)).toContain('"query":"{resource.service.name=\\"gateway\\"}"');
    expect(panel(webService(), 'Duration').targets!.some((target) => target.exemplar !== undefined)).toBe(false);
    expect(panel(webService(), 'Duration').links).toBeUndefined();
  });

  it('sends nothing where the cluster runs no Tempo (the spec still promotes there), and refuses bad tracing settings', () => {
    const untraced = render(stagingCluster(), [webService({ tracing: {} })]);
    expect(env(untraced.object('gateway/deployment-gateway.yaml'))).toEqual({});
    expect(
      (field(untraced.object('gateway/networkpolicy-gateway.yaml'), 'spec.egress') as unknown[]).some((rule) =>
        JSON.stringify(rule).includes('"alloy"'),
      ),
    ).toBe(false);
    expect(
      problemsOf(() => resolveCluster(traced(stagingCluster()), [webService({ tracing: { samplingPercent: 0 } })])),
    ).toEqual([
      'apps/gateway/index.ts: app "gateway": tracing.samplingPercent: 0 must be a percentage above 0 and at most 100',
    ]);
    const definition = stagingCluster();
    expect(
      problemsOf(() =>
        resolveCluster(
          {
            ...definition,
            platform: { ...definition.platform, logging: undefined, tracing: { samplingPercent: 150 } },
          },
          [],
        ),
      ),
    ).toEqual([
      'clusters/staging.ts: cluster "staging": platform.tracing.samplingPercent: 150 must be a percentage above 0 and at most 100',
      'clusters/staging.ts: cluster "staging": platform.tracing: apps send their spans to Alloy (platform.logging) and Grafana shows them (platform.monitoring); add both too',
    ]);
  });
});
