import { spawn } from 'node:child_process';
import { type Command, type CommandIo, parseFlags } from '../command';
import { GATES, type Gate } from '../gates';

const HELP = {
  command: 'check',
  summary:
    'Runs every gate CI runs, cheapest first (lib/cli/gates.ts): generated/ up to date, lint, typecheck, validate, tests. Stops at the first that fails, after its own output, and exits with its code.',
  flags: {},
  examples: ['npm run check'],
} as const;

/**
 * `npm run check`
 * Every gate CI runs, cheapest first (lib/cli/gates.ts); stops at the first that fails, after its own output,
 * and exits with its code.
 */
export const checkCommand: Command = async (io) => {
  parseFlags(io, HELP);
  const timings: string[] = [];
  for (const [index, gate] of GATES.entries()) {
    io.log(`check: ${index + 1}/${GATES.length} ${gate.name} (${describe(gate)})`);
    const started = performance.now();
    const code = await runGate(gate, io);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    timings.push(`${gate.script} ${seconds} s`);
    if (code !== 0) {
      const skipped = GATES.slice(index + 1).map((next) => next.name);
      io.error(
        `check: failed at "${gate.name}" (${describe(gate)}, exit ${code}, ${seconds} s). Fix what it reports above` +
          ` and run it again.${skipped.length === 0 ? '' : ` Not run: ${skipped.join(', ')}.`}`,
      );
      return code;
    }
  }
  io.log(`check: all ${GATES.length} gates passed (${timings.join(', ')})`);
  return 0;
};

function describe(gate: Gate): string {
  return ['npm run', gate.script, ...(gate.args === undefined ? [] : ['--', ...gate.args])].join(' ');
}

/** Runs the gate's npm script in the repository, streaming its output as it comes. */
function runGate(gate: Gate, io: CommandIo): Promise<number> {
  const args = ['run', '--silent', gate.script, ...(gate.args === undefined ? [] : ['--', ...gate.args])];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: io.root, env: { ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => io.write(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => io.writeError(text));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
