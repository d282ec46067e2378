import { ConfigError } from '../../errors';
import { DEFAULTS } from '../../model/defaults';
import { byCodePoint } from '../../order';
import { loadProject } from '../../project/load';
import { resolveProject } from '../../project/resolve';
import { formatReport } from '../../rightsize/format';
import { adviseApp } from '../../rightsize/recommend';
import { observedUsage } from '../../rightsize/usage';
import { type Command, EXIT_OK, parseFlags, UsageError } from '../command';

const HELP = {
  command: 'rightsize',
  summary:
    "Right-sizing report of a cluster's apps: queries the cluster's Prometheus (HTTP API) for the p95 CPU and memory and the peak memory of each app's busiest pod over the window (the FinOps recording rules), compares them with the requests and limits the project renders for that cluster, and prints a table of recommendations. Read-only: it changes no file.",
  flags: {
    prometheus: {
      type: 'string',
      value: '<url>',
      description: "the cluster's Prometheus, e.g. http://localhost:9090 after a port-forward",
    },
    cluster: { type: 'string', value: '<name>', description: 'the cluster whose apps to compare' },
    window: {
      type: 'string',
      value: '<duration>',
      default: `${DEFAULTS.rightsizeWindowDays}d`,
      description: 'how far back to look, a Prometheus duration (1h, 3d, 2w)',
    },
    'timeout-seconds': { type: 'string', value: '<n>', default: '30', description: 'how long to wait for each query' },
  },
  examples: [
    'npm run rightsize -- --prometheus http://localhost:9090 --cluster staging',
    'npm run rightsize -- --prometheus http://localhost:9090 --cluster production --window 14d',
    '(first: kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090)',
  ],
} as const;

const DURATION = /^[1-9]\d*[mhdw]$/;

/** `npm run rightsize -- --prometheus <url> --cluster <name> [--window 7d]`: observed usage against the specs. */
export const rightsizeCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  if (flags.prometheus === undefined || flags.cluster === undefined) {
    throw new UsageError(HELP.command, 'give --prometheus <url> and --cluster <name>');
  }
  let url: URL;
  try {
    url = new URL(flags.prometheus);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      HELP.command,
      `--prometheus "${flags.prometheus}" is not an http(s) URL; give the server's base URL, e.g. http://localhost:9090`,
    );
  }
  if (!DURATION.test(flags.window)) {
    throw new UsageError(
      HELP.command,
      `--window "${flags.window}" is not a Prometheus duration; give a number and a unit m, h, d or w, e.g. 7d`,
    );
  }
  const timeoutSeconds = Number(flags['timeout-seconds']);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new UsageError(
      HELP.command,
      `--timeout-seconds "${flags['timeout-seconds']}" must be a whole number of at least 1`,
    );
  }
  const project = await loadProject(io.root);
  const known = project.clusters.map((entry) => entry.definition.name).sort(byCodePoint);
  if (!known.includes(flags.cluster)) {
    throw new ConfigError({ cluster: flags.cluster }, `unknown cluster; known clusters: ${known.join(', ')}`);
  }
  const [cluster] = resolveProject(project, { clusters: [flags.cluster] });
  const usage = await observedUsage({ url: flags.prometheus, timeoutMs: timeoutSeconds * 1000 }, flags.window);
  const rows = [...cluster!.apps]
    .sort((a, b) => byCodePoint(a.name, b.name))
    .map((app) => adviseApp(app, usage.get(app.name) ?? {}));
  io.write(formatReport(rows, { cluster: flags.cluster, window: flags.window }));
  return EXIT_OK;
};
