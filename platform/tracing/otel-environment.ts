import type { ResolvedApp } from '../../lib/model/resolved-app';
import { formatNumber } from '../monitoring/selectors';
import { appOtlpEndpoint } from './endpoints';

/**
 * The OpenTelemetry SDK environment of a traced app (the specification's standard variables, read by every SDK
 * and the auto-instrumentation agents): OTLP over HTTP to the cluster's Alloy, the app's name as service name,
 * the cluster, namespace and environment as resource attributes (semantic conventions `k8s.cluster.name`,
 * `k8s.namespace.name`, `deployment.environment.name`), and parent-based ratio sampling. Empty without tracing.
 */
export function otelEnvironment(app: ResolvedApp): { name: string; value: string }[] {
  if (app.tracing === undefined) return [];
  const attributes = [
    `k8s.cluster.name=${app.tracing.clusterName}`,
    `k8s.namespace.name=${app.name}`,
    `deployment.environment.name=${app.tracing.environment}`,
    `service.namespace=${app.team}`,
  ];
  return [
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: appOtlpEndpoint() },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
    { name: 'OTEL_SERVICE_NAME', value: app.name },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes.join(',') },
    { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' },
    { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
    { name: 'OTEL_TRACES_SAMPLER_ARG', value: formatNumber(app.tracing.samplingPercent / 100) },
  ];
}
