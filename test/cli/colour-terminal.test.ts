import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../support/repo-copy';

const RED_ERROR = '\u001b[31merror:\u001b[0m';

/** Runs a CLI command on a pseudo-terminal (util-linux `script`), as a person at a terminal does. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const command = [tsx, join('lib', 'cli', 'synth.ts'), ...args].join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', env });
  if (result.error !== undefined) throw result.error;
  return result.stdout;
}

/** A real process on a pseudo-terminal (about 10 s for three starts, so in the integration project). */
describe('colour on a terminal', () => {
  it('marks errors in red on a terminal, and never with NO_COLOR or through a pipe', () => {
    const env = { ...process.env, NO_COLOR: undefined, TERM: 'xterm' };
    expect(onTerminal(['--clutser'], env)).toContain(`${RED_ERROR} synth: Unknown option '--clutser'`);
    const plain = onTerminal(['--clutser'], { ...env, NO_COLOR: '1' });
    expect(plain).toContain("error: synth: Unknown option '--clutser'");
    expect(plain).not.toContain('\u001b[');
    const piped = spawnCli(REPO_ROOT, 'synth', ['--clutser'], env);
    expect(piped.stderr).toContain("error: synth: Unknown option '--clutser'");
    expect(piped.stderr).not.toContain('\u001b[');
  });
});
