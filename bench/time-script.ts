import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Wall-clock seconds of `npm run <script> [-- args]` in the repository; throws when the script fails. */
export function timeScript(script: string, args: readonly string[] = []): number {
  const started = process.hrtime.bigint();
  const npmArgs = ['run', '--silent', script, ...(args.length === 0 ? [] : ['--', ...args])];
  const result = spawnSync('npm', npmArgs, { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`npm ${npmArgs.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return seconds;
}

export interface Budgeted {
  readonly label: string;
  readonly budgetSeconds: number;
  readonly runs: number;
  readonly measure: () => number;
}

/** Runs each benchmark `runs` times and prints its median against its budget; returns how many were over. */
export function reportMedians(benchmarks: readonly Budgeted[]): number {
  let overBudget = 0;
  for (const benchmark of benchmarks) {
    const samples = Array.from({ length: benchmark.runs }, benchmark.measure).sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    const ok = median <= benchmark.budgetSeconds;
    if (!ok) overBudget++;
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${benchmark.label}: median ${median.toFixed(2)} s over ${samples.length} run(s) ` +
        `[${samples.map((sample) => sample.toFixed(2)).join(', ')}], budget ${benchmark.budgetSeconds} s`,
    );
  }
  return overBudget;
}
