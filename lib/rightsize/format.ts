import type { AppAdvice, ResourceAdvice } from './recommend';

const number = (value: number | undefined, unit: string): string =>
  value === undefined ? '-' : `${Number(value.toFixed(value < 10 ? 1 : 0))}${unit}`;

/** `200m (p95 35m) -> 50m lower` */
function cell(advice: ResourceAdvice, unit: string, observedAs: string): string {
  if (advice.verdict === 'no data') return `${number(advice.current, unit)} (no data)`;
  const change = advice.verdict === 'keep' ? 'keep' : `${advice.verdict} to ${number(advice.recommended, unit)}`;
  return `${number(advice.current, unit)} (${observedAs} ${number(advice.observed, unit)}) ${change}`;
}

/** The report as an aligned text table, one row per app, in the order given. */
export function formatReport(
  rows: readonly AppAdvice[],
  header: { readonly cluster: string; readonly window: string },
): string {
  const table = [
    ['app', 'team', 'cpu request', 'memory request', 'memory limit'],
    ...rows.map((row) => [
      row.app,
      row.team,
      cell(row.cpuRequest, 'm', 'p95'),
      cell(row.memoryRequest, 'Mi', 'p95'),
      cell(row.memoryLimit, 'Mi', 'peak'),
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const lines = table.map((line) =>
    line
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  const changes = rows.filter((row) =>
    [row.cpuRequest, row.memoryRequest, row.memoryLimit].some(
      (advice) => advice.verdict === 'raise' || advice.verdict === 'lower',
    ),
  ).length;
  const missing = rows.filter((row) => row.cpuRequest.verdict === 'no data').map((row) => row.app);
  return [
    `Right-sizing for cluster ${header.cluster}: the busiest pod of each app, p95 over ${header.window}, against what the project renders.`,
    '',
    ...lines,
    '',
    `${changes} of ${rows.length} apps would change. Set the recommendations in apps/<app>/index.ts (resources) or per cluster in clusters/${header.cluster}.ts (apps.<app>.resources).`,
    ...(missing.length === 0
      ? []
      : [
          `No usage recorded for ${missing.join(', ')}: the FinOps recording rules (PrometheusRule monitoring/finops) record from the time they are deployed, and only running pods.`,
        ]),
    '',
  ].join('\n');
}
