import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVALUATE_TIMEOUT_VARIABLE } from '../../lib/project/load';
import { copyRepository, spawnCliAsync } from '../support/repo-copy';
import { sampleTargets } from '../support/sample-targets';

const problem = (file: string, seconds: number): string =>
  `${file}: could not be loaded: evaluating it did not finish within ${seconds} s (an endless loop, or a promise that never settles?); what it runs at load time must finish at once`;

describe('user TypeScript is evaluated with a time limit', () => {
  it('names an app file with an endless loop and a cluster file whose await never settles; exit 1', async () => {
    const { appFile, clusterFile } = await sampleTargets();
    const dir = copyRepository();
    appendFileSync(join(dir, appFile), '\nwhile (Date.now() > 0) {\n  // spins forever\n}\n');
    appendFileSync(join(dir, clusterFile), '\nawait new Promise(() => undefined);\n');
    const started = performance.now();
    // A real process: the endless loop blocks its thread, which the watchdog interrupts.
    const result = await spawnCliAsync(dir, 'synth', ['--check'], {
      ...process.env,
      [EVALUATE_TIMEOUT_VARIABLE]: '1000',
    });
    expect(result.stderr).toBe(
      `error: 2 problems found:\n  - ${problem(appFile, 1)}\n  - ${problem(clusterFile, 1)}\n`,
    );
    expect(result.status).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
