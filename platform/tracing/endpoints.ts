import { platformServiceAccount } from '../../lib/naming';
import { ALLOY_NAMESPACE } from '../logging/logging-stack';

/** OTLP's standard ports: gRPC and HTTP/protobuf. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** Helm release of Tempo: it contains the chart name, so the Service is `tempo` too. */
export const TEMPO_RELEASE = 'tempo';
/** Tempo's HTTP port (query API), the chart's `tempo.server.http_listen_port`. */
export const TEMPO_HTTP_PORT = 3200;

/** Alloy's Service (release `alloy`): every node's Alloy receives the OTLP of the apps. */
export const ALLOY_SERVICE = 'alloy';

function service(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** Where apps send spans: OTLP over HTTP to Alloy (the SDKs' default protocol). */
export function appOtlpEndpoint(): string {
  return `http://${service(ALLOY_SERVICE, ALLOY_NAMESPACE)}:${OTLP_HTTP_PORT}`;
}

/** Where Alloy forwards them: Tempo's OTLP gRPC receiver. */
export function tempoOtlpAddress(): string {
  return `${service(TEMPO_RELEASE, platformServiceAccount('tempo').namespace)}:${OTLP_GRPC_PORT}`;
}

/** Base URL of Tempo's query API, for Grafana's Tempo data source. */
export function tempoQueryUrl(): string {
  return `http://${service(TEMPO_RELEASE, platformServiceAccount('tempo').namespace)}:${TEMPO_HTTP_PORT}`;
}
