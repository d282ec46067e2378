import { ConfigError } from '../errors';

/** One series of an instant vector: its labels and value. */
export interface VectorSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusQueryOptions {
  /** The server's base URL, e.g. `http://localhost:9090` (a path prefix is kept). */
  readonly url: string;
  readonly timeoutMs: number;
}

/** How a person reaches a cluster's Prometheus from a laptop, for the unreachable-URL message. */
const PORT_FORWARD_HINT = 'kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090';

/**
 * Runs an instant query through Prometheus' HTTP API (`GET /api/v1/query`) and returns its vector. An unreachable
 * server, an HTTP error, a body that is not the API's JSON or a result that is not a vector is a ConfigError that
 * says which and what to check.
 */
export async function queryVector(options: PrometheusQueryOptions, expr: string): Promise<VectorSample[]> {
  const endpoint = new URL(`${options.url.replace(/\/+$/, '')}/api/v1/query`);
  endpoint.searchParams.set('query', expr);
  const where = `Prometheus at ${options.url}`;
  let response: Response;
  try {
    response = await fetch(endpoint, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs / 1000} s`
        : causeOf(error);
    throw new ConfigError(
      { field: '--prometheus' },
      `cannot reach ${where}: ${reason}; is the URL right and the server reachable (e.g. ${PORT_FORWARD_HINT})?`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConfigError(
      { field: '--prometheus' },
      `${where} answered /api/v1/query with HTTP ${response.status} and no JSON (${response.headers.get('content-type') ?? 'no content type'}: ${JSON.stringify(text.slice(0, 80))}); is it the Prometheus server's URL (not Grafana's or a login page)?`,
    );
  }
  const api = body as { status?: unknown; errorType?: unknown; error?: unknown; data?: unknown };
  if (api.status === 'error' || !response.ok) {
    const detail =
      typeof api.error === 'string'
        ? `${String(api.errorType ?? 'error')}: ${api.error}`
        : `status ${String(api.status)}`;
    throw new ConfigError(
      { field: '--prometheus' },
      `${where} refused the query (HTTP ${response.status}, ${detail}): ${expr}`,
    );
  }
  const data = api.data as { resultType?: unknown; result?: unknown } | undefined;
  if (api.status !== 'success' || data?.resultType !== 'vector' || !Array.isArray(data.result)) {
    throw new ConfigError(
      { field: '--prometheus' },
      `${where} answered /api/v1/query without an instant vector (status ${JSON.stringify(api.status)}, resultType ${JSON.stringify(data?.resultType)}); is it a Prometheus HTTP API?`,
    );
  }
  return data.result.map((entry, index) => sample(entry, index, where));
}

function sample(entry: unknown, index: number, where: string): VectorSample {
  const { metric, value } = (entry ?? {}) as { metric?: unknown; value?: unknown };
  const number = Array.isArray(value) && typeof value[1] === 'string' ? Number(value[1]) : Number.NaN;
  if (typeof metric !== 'object' || metric === null || Number.isNaN(number)) {
    throw new ConfigError(
      { field: '--prometheus' },
      `${where} answered a malformed sample (result[${index}] needs "metric" and "value": [time, "number"]): ${JSON.stringify(entry).slice(0, 120)}`,
    );
  }
  return { labels: metric as Record<string, string>, value: number };
}

/** The innermost reason of a failed fetch: `connect ECONNREFUSED 127.0.0.1:9`, `getaddrinfo ENOTFOUND host`. */
function causeOf(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
