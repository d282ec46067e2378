import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../lib/cli/colour';
import { executeCommand } from '../../lib/cli/command';
import { synthCommand } from '../../lib/cli/commands/synth';
import { REPO_ROOT } from '../support/repo-copy';

const RED_ERROR = '\u001b[31merror:\u001b[0m';

describe('colour', () => {
  it('is on only for a terminal, off with NO_COLOR set (to anything but "") or TERM=dumb', () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(true, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
    expect(colourWanted(false, {})).toBe(false);
    expect(colourWanted(undefined, {})).toBe(false);
  });

  it('paints the error prefix only when the command may colour', async () => {
    const run = async (colour: boolean) => {
      let stderr = '';
      const io = {
        root: REPO_ROOT,
        args: ['--clutser'],
        env: {},
        colour,
        write: () => undefined,
        log: () => undefined,
        writeError: (text: string) => (stderr += text),
        error: (line: string) => (stderr += `${line}\n`),
      };
      expect(await executeCommand(synthCommand, io)).toBe(2);
      return stderr;
    };
    expect(await run(true)).toContain(`${RED_ERROR} synth: Unknown option '--clutser'`);
    expect(await run(false)).toMatch(/^error: synth: Unknown option '--clutser'/);
  });
});
