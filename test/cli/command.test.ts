import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executeCommand, findRepositoryRoot, parseFlags } from '../../lib/cli/command';
import { readTree } from '../../lib/synth/write-tree';
import { changedBetween, snapshot, tempRepo } from '../release/temp-repo';
import { copyRepository, REPO_ROOT, runCli } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the repository root of a command', () => {
  it('is found by walking up from any subfolder', () => {
    expect(findRepositoryRoot(REPO_ROOT)).toBe(REPO_ROOT);
    expect(findRepositoryRoot(join(REPO_ROOT, 'apps'))).toBe(REPO_ROOT);
    expect(findRepositoryRoot(join(REPO_ROOT, 'generated', 'staging'))).toBe(REPO_ROOT);
  });

  it('is refused outside the repository, saying what to do', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'outside-')));
    expect(() => findRepositoryRoot(outside)).toThrow(
      `${outside} is not inside this repository: no folder at or above it has package.json and clusters/; run the command from the repository`,
    );
  });

  it('lets a command started in a subfolder check the whole repository (no false pass on 0 files)', () => {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, [join(REPO_ROOT, 'lib', 'cli', 'synth.ts'), '--check'], {
      cwd: join(REPO_ROOT, 'apps'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    // Preceded by a line per step that took over a second (lib/timing.ts), if the machine is busy.
    expect(result.stdout.replace(/^ {2}.* \(\d+\.\d s\)\n/gm, '')).toBe(
      `generated/ is up to date (${readTree(join(REPO_ROOT, 'generated')).length} files).\n`,
    );
    expect(result.status).toBe(0);
  });
});

describe('parseFlags', () => {
  const help = {
    command: 'synth',
    summary: 'test',
    examples: [],
    flags: {
      cluster: { type: 'string', description: 'one cluster' },
      app: { type: 'string', multiple: true, description: 'apps' },
      check: { type: 'boolean', description: 'check' },
    },
  } as const;
  const io = (...args: string[]) => ({ args, log: () => undefined });

  it('refuses a single-value flag given twice, naming both values', () => {
    expect(() => parseFlags(io('--cluster', 'staging', '--cluster', 'production'), help)).toThrow(
      'synth: --cluster given 2 times ("staging", "production"); it takes one value: give it once',
    );
    expect(() => parseFlags(io('--check', '--check'), help)).toThrow(
      'synth: --check given 2 times; it takes one value: give it once',
    );
  });

  it('keeps every value of a flag that may repeat', () => {
    expect(parseFlags(io('--app', 'web', '--app', 'gateway'), help)).toEqual({ app: ['web', 'gateway'] });
  });

  it('a release with --cluster twice is a usage error (exit 2) and writes nothing', async () => {
    const { root, cleanup } = await tempRepo();
    cleanups.push(cleanup);
    const before = snapshot(root);
    const result = await runCli(root, 'release', [
      '--cluster',
      'staging',
      '--cluster',
      'production',
      '--app',
      'gateway',
      '--tag',
      '3.0.0',
      '--digest',
      `sha256:${'f'.repeat(64)}`,
    ]);
    expect(result.stderr).toBe(
      'error: release: --cluster given 2 times ("staging", "production"); it takes one value: give it once\nRun `npm run release -- --help` for its usage.\n',
    );
    expect(result.status).toBe(2);
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });
});

describe('stack traces', () => {
  const io = (args: string[]) => {
    const out = { stderr: '' };
    return {
      out,
      io: {
        root: REPO_ROOT,
        args,
        env: {},
        write: () => undefined,
        log: () => undefined,
        writeError: (text: string) => (out.stderr += text),
        error: (line: string) => (out.stderr += `${line}\n`),
      },
    };
  };
  const bug = async () => {
    throw new TypeError('cannot read properties of undefined');
  };

  it('are not printed for a bug without --debug: its message and what to do instead', async () => {
    const { out, io: commandIo } = io([]);
    expect(await executeCommand(bug, commandIo)).toBe(1);
    expect(out.stderr).toBe(
      'error: cannot read properties of undefined\nThis is a bug, not a problem with your input: run it again with --debug for the stack trace and report it.\n',
    );
  });

  it('are printed with --debug, which the command itself never sees', async () => {
    const { out, io: commandIo } = io(['--debug']);
    let seen: readonly string[] | undefined;
    expect(
      await executeCommand(async (given) => {
        seen = given.args;
        return bug();
      }, commandIo),
    ).toBe(1);
    expect(seen).toEqual([]);
    expect(out.stderr).toMatch(/^TypeError: cannot read properties of undefined\n {4}at /);
  });

  it('of a throw in an app file appear only with --debug', async () => {
    const { appFile } = await sampleTargets();
    const dir = copyRepository();
    appendFileSync(join(dir, appFile), "\nthrow new Error('no config for this region');\n");
    const plain = await runCli(dir, 'synth', ['--check']);
    expect(plain.stderr).toBe(`error: ${appFile}: could not be loaded: no config for this region\n`);
    const debug = await runCli(dir, 'synth', ['--check', '--debug']);
    expect(debug.stderr).toContain(`error: ${appFile}: could not be loaded: no config for this region\n`);
    expect(debug.stderr).toMatch(new RegExp(`\\n${appFile}: Error: no config for this region\\n {4}at `));
  });
});
