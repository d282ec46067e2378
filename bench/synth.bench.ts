/**
 * `npm run bench`: synth performance against the targets of the generator issue.
 *  - full synth of the sample repository (the real CLI, wall clock, best of 3)
 *  - synthetic 50 / 200 / 500 apps x 3 clusters, each in a fresh process (time, ms per app, peak memory)
 *  - the ratio of our synth to a floor that only serializes the same objects with the yaml library
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateTree } from '../lib/synth/generate';
import { syntheticProject } from './synthetic-project';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

if (process.argv[2] === '--measure') {
  // Child mode: synthesize one size and report time, objects and peak memory as JSON.
  const count = Number(process.argv[3]);
  const input = syntheticProject(count);
  const started = performance.now();
  const files = generateTree(input);
  const synthMs = performance.now() - started;
  const objects = files.map((file) => parse(file.content) as unknown);
  const floorStarted = performance.now();
  for (const object of objects) stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
  const floorMs = performance.now() - floorStarted;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ count, files: files.length, synthMs, floorMs, peakMiB }));
} else {
  main();
}

function main(): void {
  console.log(
    'synth benchmark (targets: sample < 2 s; 500 apps x 3 clusters < 15 s and < 1 GiB; ratio to floor < 3x)\n',
  );
  const sample = [0, 1, 2].map(() => {
    const started = performance.now();
    execFileSync(TSX, ['lib/cli/synth.ts', '--check'], { cwd: ROOT, stdio: 'pipe' });
    return performance.now() - started;
  });
  console.log(
    `sample repository, full synth (CLI incl. start-up, --check so nothing is written): best ${fmt(Math.min(...sample))} ms`,
  );

  console.log('\n apps | clusters | files | synth ms | ms/app | floor ms | ratio | peak MiB (whole process)');
  for (const count of [50, 200, 500]) {
    const child = spawnSync(TSX, [join('bench', 'synth.bench.ts'), '--measure', String(count)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
    console.log(
      ` ${pad(count, 4)} | ${pad(3, 8)} | ${pad(r.files!, 5)} | ${pad(fmt(r.synthMs!), 8)} | ${pad(
        (r.synthMs! / count).toFixed(2),
        6,
      )} | ${pad(fmt(r.floorMs!), 8)} | ${pad((r.synthMs! / r.floorMs!).toFixed(2), 5)} | ${pad(fmt(r.peakMiB!), 8)}`,
    );
  }
}

function fmt(value: number): string {
  return String(Math.round(value));
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}
