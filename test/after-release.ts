/**
 * `npm run test:after-release`: proves that no test pins live project data. In a throw-away copy of this
 * working tree (a git repository of its own, borrowing this one's objects) it performs a real `npm run release` on staging and a real
 * `npm run promote -- --from staging --to production --all`, commits each, and runs the whole suite there.
 * Exits with the suite's exit code; the copy is removed. Takes about as long as `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseReleasePins } from '../lib/model/release-pins';
import { releasePinsPath } from '../lib/project/load';

const ROOT = resolve(import.meta.dirname, '..');
/** Not copied: installed or machine-local. node_modules is linked instead. */
const SKIPPED = new Set(['node_modules', '.cache', '.git', 'coverage', 'cdktf.out']);

function main(): number {
  const copy = mkdtempSync(join(tmpdir(), 'gitops-after-release-'));
  try {
    cpSync(ROOT, copy, { recursive: true, filter: (source) => !SKIPPED.has(source.split('/').pop()!) });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=after-release', '-c', 'user.email=after-release@example.com', ...args], {
        cwd: copy,
        stdio: 'pipe',
      });
    git('init', '-q', '-b', 'main');
    // A gated cluster's platform revision is a commit of this repository: the copy borrows its objects.
    const objects = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    writeFileSync(join(copy, '.git/objects/info/alternates'), `${join(objects, 'objects')}\n`);
    writeFileSync(join(copy, '.git/info/exclude'), '/node_modules\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'the working tree');

    const pinsFile = releasePinsPath('staging');
    const pins = parseReleasePins(readFileSync(join(copy, pinsFile), 'utf8'), pinsFile, 'staging');
    const app = Object.keys(pins)[0]!;
    const digest = `sha256:${createHash('sha256').update(`after-release ${Date.now()}`).digest('hex')}`;
    const npm = (...args: string[]) => {
      const result = spawnSync('npm', ['run', '--silent', ...args], { cwd: copy, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`npm run ${args.join(' ')} failed (exit ${result.status})`);
    };
    console.log(`after-release: npm run release -- --cluster staging --app ${app} --tag 99.0.0 --digest ${digest}`);
    npm('release', '--', '--cluster', 'staging', '--app', app, '--tag', '99.0.0', '--digest', digest);
    git('commit', '-q', '-am', `release ${app} 99.0.0 to staging`);
    console.log('after-release: npm run promote -- --from staging --to production --all');
    npm('promote', '--', '--from', 'staging', '--to', 'production', '--all');
    git('add', '-A');
    git('commit', '-q', '-m', 'promote staging to production');

    // The shared schemas and charts sit next to this repository, not next to the copy.
    const env = {
      ...process.env,
      SCHEMA_DIR: resolve(ROOT, process.env.SCHEMA_DIR || join('..', 'shared', 'schemas')),
      CHARTS_DIR: resolve(ROOT, process.env.CHARTS_DIR || join('..', 'shared', 'charts')),
    };
    console.log('after-release: npm test in the copy');
    const suite = spawnSync('npm', ['test'], { cwd: copy, stdio: 'inherit', env });
    console.log(
      `after-release: the suite ${suite.status === 0 ? 'passed' : 'FAILED'} after a real release and promote`,
    );
    return suite.status ?? 1;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

process.exitCode = main();
