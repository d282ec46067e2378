/**
 * `npm run bench:promote`: promotion performance against the targets of the promotion issue.
 *  - promoting one app in a temporary 500-app x 3-cluster repository (staging -> production -> production-eu,
 *    both gated), the real CLI in a fresh process (wall clock incl. start-up), best of 3; target < 5 s
 *  - `synth --check` of the sample repository (both clusters, gated production included), best of 3; target < 2 s
 * The repository is built from generated specs (bench/synthetic-project.ts), committed to a throw-away git
 * repository (promote refuses uncommitted files) and deleted afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsClusterDefinition, ClusterDefinition } from '../lib/model/cluster';
import { formatReleasePins } from '../lib/model/release-pins';
import { syntheticProject } from './synthetic-project';
import { ROOT } from './time-script';
import { formatPlatformLock } from '../lib/model/platform-lock';
import { codeDigest } from '../lib/platform-revision/content-match';
import { blobsAt } from '../lib/platform-revision/git';
import { rendererPaths } from '../lib/platform-revision/renderer-paths';
import { platformLockPath } from '../lib/project/load';
import { recordRunningGenerator } from '../test/support/repo-copy';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const APPS = Number(process.env.BENCH_APPS ?? 500);
const CHAIN = ['staging', 'production', 'production-eu'] as const;
const RUNS = 3;

/** Wall-clock and CPU (user + system of the child) seconds of one CLI run in a fresh process. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function run(cwd: string, script: string, args: readonly string[]): Timing {
  const started = process.hrtime.bigint();
  // bash's `times` reports the CPU time of its children: what the command costs, whatever else loads the machine.
  const result = spawnSync(
    'bash',
    ['-c', '"$0" "$@"; status=$?; times >&2; exit $status', TSX, join('lib', 'cli', `${script}.ts`), ...args],
    { cwd, encoding: 'utf8' },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  const children = result.stderr.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, s]) => sum + Number(m) * 60 + Number(s), 0);
  return { wall, cpu };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

/** A repository of `APPS` generated apps in three clusters: production promoted from staging, production-eu from production. */
function buildRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'promote-bench-'));
  for (const entry of ['lib', 'platform', 'node_modules']) symlinkSync(join(ROOT, entry), join(root, entry));
  for (const file of ['package.json', 'tsconfig.json']) copyFileSync(join(ROOT, file), join(root, file));
  writeFileSync(join(root, '.gitignore'), 'node_modules\nlib\nplatform\n.cache/\n');
  const project = syntheticProject(APPS);
  for (const { spec } of project.apps) {
    mkdirSync(join(root, 'apps', spec.name), { recursive: true });
    writeFileSync(
      join(root, 'apps', spec.name, 'index.ts'),
      `import { defineApp } from '../../lib';\n\nexport default defineApp(${JSON.stringify(spec, null, 2)} as Parameters<typeof defineApp>[0]);\n`,
    );
  }
  mkdirSync(join(root, 'clusters'));
  CHAIN.forEach((name, index) => {
    const template = project.clusters[index]!;
    const definition: ClusterDefinition = {
      ...(template.definition as AwsClusterDefinition),
      name,
      baseDomain: `${name}.example.com`,
      ...(index === 0 ? {} : { promotion: { from: CHAIN[index - 1]! } }),
    };
    writeFileSync(
      join(root, 'clusters', `${name}.ts`),
      `import { defineCluster } from '../lib';\n\nexport default defineCluster(${JSON.stringify(definition, null, 2)} as Parameters<typeof defineCluster>[0]);\n`,
    );
    writeFileSync(join(root, 'clusters', `${name}.releases.yaml`), formatReleasePins(name, template.pins));
  });
  // Staging renders apps/ as they are; each gated cluster gets every app promoted once, down the chain.
  run(root, 'synth', ['--cluster', 'staging']);
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'staging');
  // The generator is linked, not committed: record it as a commit of its own (outside the branch) and give each
  // gated cluster that platform revision, as `promote --platform` would from a clean checkout.
  const generator = recordRunningGenerator(root);
  for (let index = 1; index < CHAIN.length; index++) {
    const name = CHAIN[index]!;
    const digest = codeDigest(blobsAt(root, generator, rendererPaths(root, `clusters/${name}.ts`)));
    mkdirSync(join(root, 'clusters', `${name}.promoted`), { recursive: true });
    writeFileSync(
      join(root, platformLockPath(name)),
      formatPlatformLock(name, { revision: generator, from: CHAIN[index - 1]!, codeDigest: digest }),
    );
  }
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'platform revisions of the gated clusters');
  const apps = project.apps.map(({ spec }) => spec.name).join(',');
  for (let index = 1; index < CHAIN.length; index++) {
    run(root, 'promote', ['--from', CHAIN[index - 1]!, '--to', CHAIN[index]!, '--app', apps]);
    git(root, 'add', '-A');
    git(root, 'commit', '--quiet', '-m', `promote to ${CHAIN[index]}`);
  }
  return root;
}

/** Changes one app in staging (its spec and its image), as a merged pull request and a release would. */
function changeApp(root: string, app: string, round: number): void {
  const file = join(root, 'apps', app, 'index.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/"LOG_LEVEL": "[^"]*"/, `"LOG_LEVEL": "debug-${round}"`));
  run(root, 'release', [
    '--cluster',
    'staging',
    '--app',
    app,
    '--tag',
    `1.1.${round}`,
    '--digest',
    `sha256:${String(round).repeat(64).slice(0, 64)}`,
  ]);
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', `release ${app} 1.1.${round}`);
}

function main(): void {
  console.log(
    `promotion benchmark (targets: promote one app of ${APPS} x ${CHAIN.length} clusters < 5 s; sample synth --check < 2 s)\n`,
  );
  const setupStarted = process.hrtime.bigint();
  const root = buildRepository();
  const setupSeconds = Number(process.hrtime.bigint() - setupStarted) / 1e9;
  console.log(
    `built the ${APPS}-app repository (${CHAIN.join(' -> ')}) in ${setupSeconds.toFixed(1)} s (not measured)`,
  );
  try {
    const app = 'app-0001';
    const promotions: Timing[] = [];
    for (let round = 1; round <= RUNS; round++) {
      changeApp(root, app, round);
      promotions.push(run(root, 'promote', ['--from', 'staging', '--to', 'production', '--app', app]));
      git(root, 'add', '-A');
      git(root, 'commit', '--quiet', '-m', `promote ${app}`);
    }
    const noop = run(root, 'promote', ['--from', 'staging', '--to', 'production', '--app', app]);
    const sample = Array.from({ length: RUNS }, () => run(ROOT, 'synth', ['--check']));
    const rows: [string, Timing[], number][] = [
      [
        `promote one app (${app}, spec + image) staging -> production, ${APPS} apps x ${CHAIN.length} clusters`,
        promotions,
        5,
      ],
      [`promote it again (already identical, writes nothing)`, [noop], 5],
      ['synth --check of the sample repository', sample, 2],
    ];
    let over = 0;
    for (const [label, samples, budget] of rows) {
      const best = Math.min(...samples.map((sample) => sample.wall));
      const cpu = Math.min(...samples.map((sample) => sample.cpu));
      if (best > budget) over++;
      console.log(
        `${label}: best ${best.toFixed(2)} s wall of ${samples.map((sample) => sample.wall.toFixed(2)).join(', ')}; CPU ${cpu.toFixed(2)} s (budget ${budget} s${best > budget ? ', OVER' : ''})`,
      );
    }
    if (over > 0) process.exitCode = 1;
  } finally {
    // BENCH_KEEP=1 keeps the repository for profiling (its path is printed).
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main();
