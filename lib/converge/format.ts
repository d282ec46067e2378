import type { ConvergeProblem, ConvergeResult, TimelineStep } from './simulate';

function origin(problem: ConvergeProblem): string {
  const { origin: at } = problem;
  if (at.outside !== undefined) return at.outside;
  return `Application ${at.application}, sync wave ${at.rootWave}, wave ${at.wave} in its folder`;
}

/** `<file>: <object> (<Application and wave>): <what is missing>`. */
export function formatProblem(problem: ConvergeProblem): string {
  return `${problem.file}: ${problem.object} (${origin(problem)}): ${problem.message}`;
}

function step(entry: TimelineStep): string[] {
  const indent = '  '.repeat(entry.depth + 1);
  const head =
    entry.depth === 0
      ? `${indent}sync wave ${entry.wave}: ${entry.applies.join(', ')}`
      : `${indent}${entry.application}${entry.phase === 'Sync' ? '' : ` ${entry.phase}`} (wave ${entry.wave}): ${entry.applies.join(', ')}`;
  return [head, ...(entry.available.length === 0 ? [] : [`${indent}  -> ${entry.available.join('; ')}`])];
}

/** The first sync's timeline and its problems, as `npm run converge` prints them. */
export function formatResult(result: ConvergeResult, options: { readonly timeline: boolean }): string {
  const lines: string[] = [];
  if (options.timeline) {
    lines.push(`cluster ${result.cluster}: first sync of generated/${result.cluster}`);
    for (const entry of result.timeline) lines.push(...step(entry));
  }
  for (const problem of result.problems) lines.push(`  x ${formatProblem(problem)}`);
  lines.push(
    `cluster ${result.cluster}: ${result.applications} Applications, ${result.objects} objects, ${result.problems.length === 0 ? 'converges' : `${result.problems.length} missing prerequisite(s)`}`,
  );
  return `${lines.join('\n')}\n`;
}
