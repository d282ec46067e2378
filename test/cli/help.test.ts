import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, REPO_ROOT, runCli } from '../support/repo-copy';

/** The npm script that runs lib/cli/<name>.ts. */
const scriptOf = (name: string): string =>
  Object.entries(scripts).find(([, command]) => command === `tsx lib/cli/${name}.ts`)![0];

const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('every command', () => {
  it('of lib/cli/ is known to the test runner (so the checks below cover it)', () => {
    const entries = readdirSync(join(REPO_ROOT, 'lib', 'cli'))
      .filter(
        (file) =>
          file.endsWith('.ts') && readFileSync(join(REPO_ROOT, 'lib', 'cli', file), 'utf8').includes('\nrunCommand('),
      )
      .map((file) => file.replace(/\.ts$/, ''));
    expect([...COMMAND_NAMES].sort()).toEqual(entries.sort());
  });

  it('is an npm script whose entry is lib/cli/<command>.ts', () => {
    for (const name of COMMAND_NAMES) {
      const script = Object.entries(scripts).find(([, command]) => command === `tsx lib/cli/${name}.ts`);
      expect(script, `no npm script runs lib/cli/${name}.ts`).toBeDefined();
    }
  });

  it.each(COMMAND_NAMES)(
    '%s answers --help with usage, flags, examples and exit codes, and does nothing else',
    async (name) => {
      const result = await runCli(REPO_ROOT, name, ['--help']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const script = scriptOf(name);
      expect(result.stdout).toMatch(new RegExp(`^usage: npm run ${script} -- \\[flags\\]\\n`));
      expect(result.stdout).toContain('\nflags:\n');
      expect(result.stdout).toContain('  --help ');
      expect(result.stdout).toMatch(/\nexamples:\n {2}npm run /);
      expect(result.stdout).toContain('exit codes: 0 ok, 1 findings or a refusal, 2 usage error');
      for (const line of result.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    },
  );

  it.each(COMMAND_NAMES)('%s calls an unknown flag a usage error (exit 2) and points at --help', async (name) => {
    const result = await runCli(REPO_ROOT, name, ['--no-such-flag']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: [a-z:-]+: Unknown option '--no-such-flag' \(known flags: .*--help\)\n/);
    expect(result.stderr).toContain(`Run \`npm run ${scriptOf(name)} -- --help\` for its usage.\n`);
    expect(result.stdout).toBe('');
  });

  it('refuses a single-value flag given twice instead of taking the last', async () => {
    const result = await runCli(REPO_ROOT, 'release', ['--cluster', 'staging', '--cluster', 'production']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'error: release: --cluster given 2 times ("staging", "production"); it takes one value: give it once',
    );
  });
});
