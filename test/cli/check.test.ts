import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATES } from '../../lib/cli/gates';
import { copyRepository, REPO_ROOT, runCli } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';

describe('npm run check', () => {
  it('stops at the first failing gate with that gate’s own message and runs no later gate', async () => {
    const { serviceFile } = await sampleTargets();
    const dir = copyRepository();
    const edited = join(dir, serviceFile);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# edited by hand\n`);

    const result = await runCli(dir, 'check');

    expect(result.status).toBe(1);
    // Without the lines of synth's steps that took over a second (lib/timing.ts), printed when the machine is busy.
    expect(result.stdout.replace(/^ {2}.* \(\d+\.\d s\)\n/gm, '')).toBe(
      `check: 1/${GATES.length} generated/ is up to date (npm run synth -- --check)\n`,
    );
    expect(result.stderr).toContain(`+++ b/${serviceFile}`);
    expect(result.stderr).toContain('-# edited by hand');
    expect(result.stderr).toContain(`check: failed at "generated/ is up to date" (npm run synth -- --check, exit 1, `);
    expect(result.stderr).toContain(
      `Not run: ${GATES.slice(1)
        .map((gate) => gate.name)
        .join(', ')}.`,
    );
  });

  it('runs the cheapest gate first: the staleness check before lint, typecheck, validate and tests', () => {
    expect(GATES[0]).toEqual({ name: 'generated/ is up to date', script: 'synth', args: ['--check'] });
    expect(GATES.slice(-2).map((gate) => gate.script)).toEqual(['test', 'test:integration']);
  });

  it('names only npm scripts that exist', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const gate of GATES) expect(Object.keys(scripts)).toContain(gate.script);
    expect(scripts.check).toBe('tsx lib/cli/check.ts');
  });

  it('is what the pull-request workflow runs, step by step in the same order', () => {
    const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: { check: { steps: { run?: string }[] } };
    };
    const commands = workflow.jobs.check.steps.flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]));
    const gateOf = (command: string) =>
      GATES.findIndex((gate) =>
        gate.script === 'test'
          ? command === 'npm test'
          : command.startsWith(`npm run ${gate.script}`) &&
            (gate.args ?? []).every((arg) => command.split(/\s+/).includes(arg)),
      );
    const order = commands.map(gateOf).filter((index) => index >= 0);
    expect(order).toEqual(GATES.map((_, index) => index));
  });
});
