import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../lib/project/load';
import { REPO_ROOT } from '../support/repo-copy';
import { readWorkflow, runScript, step } from './workflow';

// Integration suite (vitest.config.ts): runs the workflow's gate script with the real promotion:gate (seconds).
const { gate } = readWorkflow('promote.yml').jobs;

describe('the gate step, run for real against this repository', () => {
  it('refuses a promotion nothing has reported on, and lets it through with force, recording the verdict', async () => {
    const gated = (await loadProject(REPO_ROOT)).clusters.find(
      (cluster) => cluster.definition.promotion !== undefined,
    )!;
    const temp = mkdtempSync(join(tmpdir(), 'promote-gate-'));
    writeFileSync(join(temp, 'statuses.json'), '[]');
    const env = {
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: join(temp, 'output'),
      GITHUB_SHA: 'a'.repeat(40),
      TO: gated.definition.name,
      FROM: gated.definition.promotion!.from,
      APPS: 'all',
      PLATFORM: 'true',
      FROM_REF: '',
      TAG: '',
      REASON: 'staging metrics are down; verified by hand',
    };
    const script = step(gate!, 'gate').run!;
    const refused = runScript(script, { ...env, FORCE: 'false' }, REPO_ROOT);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('never reported');
    expect(refused.stdout).toContain('::error::the gate refused the promotion');
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toContain('verdict=refused\n');

    writeFileSync(env.GITHUB_OUTPUT, '');
    const forced = runScript(script, { ...env, FORCE: 'true' }, REPO_ROOT);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(`::warning::the gate refused; forced: ${env.REASON}`);
    const output = readFileSync(env.GITHUB_OUTPUT, 'utf8');
    expect(output).toContain('verdict=forced\n');
    expect(output).toMatch(/report<<GATE_REPORT_END\n[\s\S]*Gate refused:[\s\S]*\nGATE_REPORT_END\n/);
    rmSync(temp, { recursive: true, force: true });
  }, 60_000);
});
