import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageQueries } from '../../../lib/rightsize/usage';
import { repositoryOutput } from '../../support/repository-output';
import { REPO_ROOT, runCli } from '../../support/repo-copy';

type Handler = (query: string, response: ServerResponse) => void;

/** A local HTTP server shaped like Prometheus' API; each test sets how it answers. */
let handler: Handler = () => undefined;
const received: string[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/api/v1/query') {
    response.writeHead(404).end('not found');
    return;
  }
  const query = url.searchParams.get('query') ?? '';
  received.push(query);
  handler(query, response);
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const vector = (samples: readonly { app: string; value: number }[]) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: samples.map(({ app, value }) => ({
      metric: { namespace: app, team: 't', app },
      value: [1767225600, String(value)],
    })),
  },
});

/** An ungated cluster of this repository with at least two apps, and those apps as rendered (never named here). */
async function target() {
  const { clusters } = await repositoryOutput();
  const cluster = clusters.find((entry) => entry.definition.promotion === undefined && entry.apps.length >= 2)!;
  const apps = [...cluster.apps].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { cluster: cluster.definition.name, apps };
}

const MI = 2 ** 20;

describe('npm run rightsize', () => {
  it('compares p95 usage from Prometheus with the rendered requests and recommends per app', async () => {
    const { cluster, apps } = await target();
    const [idle, busy] = apps;
    const queries = usageQueries('3d');
    // idle: uses a tenth of its CPU request and half its memory; busy: p95 memory above its request, peak near its limit.
    const answers: Record<string, { app: string; value: number }[]> = {
      [queries.cpuP95Cores]: [
        { app: idle!.name, value: idle!.resources.cpuRequestMilli / 10000 },
        { app: busy!.name, value: busy!.resources.cpuRequestMilli / 1000 },
      ],
      [queries.memoryP95Bytes]: [
        { app: idle!.name, value: (idle!.resources.memoryRequestMi / 2) * MI },
        { app: busy!.name, value: busy!.resources.memoryRequestMi * 1.5 * MI },
      ],
      [queries.memoryPeakBytes]: [
        { app: idle!.name, value: (idle!.resources.memoryRequestMi / 2) * MI },
        { app: busy!.name, value: busy!.resources.memoryLimitMi * MI },
      ],
    };
    received.length = 0;
    handler = (query, response) => json(response, 200, vector(answers[query] ?? []));
    const result = await runCli(REPO_ROOT, 'rightsize', ['--prometheus', base, '--cluster', cluster, '--window', '3d']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect([...received].sort()).toEqual(Object.values(queries).sort());

    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      `Right-sizing for cluster ${cluster}: the busiest pod of each app, p95 over 3d, against what the project renders.`,
    );
    const row = (app: string) => lines.find((line) => line.startsWith(`${app} `))!.split(/\s{2,}/);
    const roundUp = (value: number, step: number) => Math.max(step, Math.ceil(value / step) * step);
    const idleCpu = roundUp((idle!.resources.cpuRequestMilli / 10) * 1.2, 10);
    expect(row(idle!.name)).toEqual([
      idle!.name,
      idle!.team,
      expect.stringMatching(
        new RegExp(`^${idle!.resources.cpuRequestMilli}m \\(p95 [\\d.]+m\\) lower to ${idleCpu}m$`),
      ),
      expect.stringMatching(/^\d+Mi \(p95 [\d.]+Mi\) (keep|lower to \d+Mi)$/),
      `${idle!.resources.memoryLimitMi}Mi (peak ${idle!.resources.memoryRequestMi / 2}Mi) keep`,
    ]);
    const busyMemory = roundUp(busy!.resources.memoryRequestMi * 1.5 * 1.2, 16);
    const busyLimit = Math.max(roundUp(busy!.resources.memoryLimitMi * 1.3, 16), busyMemory);
    expect(row(busy!.name)).toEqual([
      busy!.name,
      busy!.team,
      expect.stringMatching(/ raise to \d+m$/),
      expect.stringMatching(new RegExp(` raise to ${busyMemory}Mi$`)),
      `${busy!.resources.memoryLimitMi}Mi (peak ${busy!.resources.memoryLimitMi}Mi) raise to ${busyLimit}Mi`,
    ]);
    // Every other app of the cluster has no series: reported, not guessed.
    for (const app of apps.slice(2)) expect(row(app.name).join(' ')).toContain('(no data)');
    if (apps.length > 2)
      expect(result.stdout).toContain(
        `No usage recorded for ${apps
          .slice(2)
          .map((a) => a.name)
          .join(', ')}`,
      );
  });

  it('says so when the Prometheus URL does not answer', async () => {
    const { cluster } = await target();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCli(REPO_ROOT, 'rightsize', [
      '--prometheus',
      `http://127.0.0.1:${port}`,
      '--cluster',
      cluster,
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `--prometheus: cannot reach Prometheus at http://127.0.0.1:${port}: connect ECONNREFUSED`,
    );
    expect(result.stderr).toContain('kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090');
    expect(result.stderr).not.toContain('    at ');
  });

  it.each([
    [
      'an HTML page',
      (response: ServerResponse) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
      'answered /api/v1/query with HTTP 200 and no JSON (text/html: "<html>login</html>"); is it the Prometheus server\'s URL',
    ],
    [
      "Prometheus' error",
      (response: ServerResponse) =>
        json(response, 400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }),
      'refused the query (HTTP 400, bad_data: parse error at char 3): quantile_over_time(',
    ],
    [
      'a range result',
      (response: ServerResponse) =>
        json(response, 200, { status: 'success', data: { resultType: 'matrix', result: [] } }),
      'answered /api/v1/query without an instant vector (status "success", resultType "matrix")',
    ],
    [
      'a sample without a value',
      (response: ServerResponse) =>
        json(response, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: { app: 'x' } }] } }),
      'answered a malformed sample (result[0] needs "metric" and "value": [time, "number"])',
    ],
  ])('refuses %s as a response, naming what is wrong', async (_name, answer, message) => {
    const { cluster } = await target();
    handler = (_query, response) => answer(response);
    const result = await runCli(REPO_ROOT, 'rightsize', ['--prometheus', base, '--cluster', cluster]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`--prometheus: Prometheus at ${base} ${message}`);
    expect(result.stdout).toBe('');
  });

  it.each([
    [[], 'rightsize: give --prometheus <url> and --cluster <name>'],
    [['--prometheus', 'localhost:9090', '--cluster', 'x'], '--prometheus "localhost:9090" is not an http(s) URL'],
    [
      ['--prometheus', 'http://localhost:9090', '--cluster', 'x', '--window', '7 days'],
      '--window "7 days" is not a Prometheus duration',
    ],
    [
      ['--prometheus', 'http://localhost:9090', '--cluster', 'x', '--timeout-seconds', '0'],
      '--timeout-seconds "0" must be a whole number',
    ],
  ])('refuses the command line %j before any query (exit 2)', async (args, message) => {
    received.length = 0;
    const result = await runCli(REPO_ROOT, 'rightsize', args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(received).toEqual([]);
  });

  it('refuses an unknown cluster, listing the known ones', async () => {
    const { clusters } = await repositoryOutput();
    const result = await runCli(REPO_ROOT, 'rightsize', ['--prometheus', base, '--cluster', 'no-such-cluster']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cluster "no-such-cluster": unknown cluster; known clusters: ');
    for (const cluster of clusters) expect(result.stderr).toContain(cluster.definition.name);
  });
});
