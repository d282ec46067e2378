/**
 * `npm run bench:converge`: `npm run converge` over every cluster of the repository. Target (issue 11): under 2 s
 * for both clusters. Each run is a fresh process (tsx start-up included in the wall clock); the budget applies to
 * the work itself (loading the project, reading generated/, simulating), measured in the child, median of 3.
 * Wall clock and CPU time of the whole process are printed next to it: on a shared machine the wall clock mostly
 * measures the other processes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { convergeCluster } from '../lib/converge/run-converge';
import { loadProject } from '../lib/project/load';
import { resolveProject } from '../lib/project/resolve';
import { ROOT } from './time-script';

const BUDGET_MS = 2000;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

async function measure(): Promise<void> {
  const started = performance.now();
  const project = await loadProject(ROOT);
  const clusters = resolveProject(project);
  let objects = 0;
  let problems = 0;
  for (const cluster of clusters) {
    const result = convergeCluster(ROOT, cluster);
    objects += result.objects;
    problems += result.problems.length;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage();
  const processCpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ ms, processCpuMs, clusters: clusters.length, objects, problems }));
}

function main(): void {
  const runs = [0, 1, 2].map(() => {
    const started = performance.now();
    const child = spawnSync(TSX, [join('bench', 'converge.bench.ts'), '--measure'], { cwd: ROOT, encoding: 'utf8' });
    const wallMs = performance.now() - started;
    if (child.status !== 0) throw new Error(child.stderr);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
    return { ...result, wallMs } as Record<string, number>;
  });
  const median = (key: string) => runs.map((run) => run[key]!).sort((a, b) => a - b)[1]!;
  const ms = median('ms');
  const { clusters, objects, problems } = runs[0]!;
  console.log(
    `converge, ${clusters} clusters, ${objects} objects, ${problems} problem(s): work median ${ms.toFixed(0)} ms ` +
      `[${runs.map((run) => run.ms!.toFixed(0)).join(', ')}], budget ${BUDGET_MS} ms; whole process median ` +
      `${median('wallMs').toFixed(0)} ms wall, ${median('processCpuMs').toFixed(0)} ms CPU`,
  );
  console.log(ms <= BUDGET_MS ? 'ok' : 'SLOW');
  if (ms > BUDGET_MS) process.exitCode = 1;
}

if (process.argv[2] === '--measure') void measure();
else main();
