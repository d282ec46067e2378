/**
 * `npm run bench:infra`: times `npm run infra:synth` (every environment, end to end, as a user runs it) and
 * `npm run typecheck` of the whole repository, and fails when either exceeds its budget.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Benchmark {
  readonly script: string;
  readonly budgetSeconds: number;
  readonly runs: number;
}

const BENCHMARKS: readonly Benchmark[] = [
  { script: 'infra:synth', budgetSeconds: 5, runs: 3 },
  { script: 'typecheck', budgetSeconds: 60, runs: 1 },
];

function time(script: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`npm run ${script} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return seconds;
}

let overBudget = 0;
for (const benchmark of BENCHMARKS) {
  const samples = Array.from({ length: benchmark.runs }, () => time(benchmark.script)).sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const ok = median <= benchmark.budgetSeconds;
  if (!ok) overBudget++;
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} npm run ${benchmark.script}: median ${median.toFixed(2)} s over ${samples.length} run(s) ` +
      `[${samples.map((sample) => sample.toFixed(2)).join(', ')}], budget ${benchmark.budgetSeconds} s`,
  );
}
process.exitCode = overBudget === 0 ? 0 : 1;
