import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_ACTION, readWorkflow, runScript, step } from './workflow';

const workflow = readWorkflow('promote.yml');
const { gate, promote } = workflow.jobs;

describe('.github/workflows/promote.yml', () => {
  it('is dispatched by hand with the target, apps or all, platform, rollback and force inputs', () => {
    const inputs = workflow.on.workflow_dispatch!.inputs!;
    expect(Object.keys(inputs).sort()).toEqual(
      ['apps', 'digest', 'force', 'from', 'from-ref', 'platform', 'reason', 'tag', 'to'].sort(),
    );
    expect(inputs.platform!.type).toBe('boolean');
    expect(inputs.force).toMatchObject({ type: 'boolean', default: false });
  });

  it('grants each job only what it needs: statuses read to the gate, contents and pull-requests write to promote', () => {
    expect(workflow.permissions).toEqual({});
    expect(gate!.permissions).toEqual({ contents: 'read', statuses: 'read' });
    expect(promote!.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
  });

  it('runs bash, with a timeout on every job and one promotion per target cluster at a time', () => {
    expect(workflow.defaults?.run?.shell).toBe('bash');
    for (const job of Object.values(workflow.jobs)) expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
    expect(workflow.concurrency).toEqual({ group: 'promote-${{ inputs.to }}', 'cancel-in-progress': false });
  });

  it('promotes only after the gate, with the statuses of this commit, and never runs the whole check', () => {
    expect(promote!.needs).toBe('gate');
    const fetch = step(gate!, 'Fetch the commit statuses of ${{ github.sha }}');
    expect(fetch.run).toContain('gh api "repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/statuses" --paginate --slurp');
    expect(fetch.env).toEqual({ GH_TOKEN: '${{ github.token }}' });
    expect(step(gate!, 'gate').run).toContain(
      'npm run --silent promotion:gate -- --from "$FROM" --to "$TO" --revision "$GITHUB_SHA"',
    );
    const names = promote!.steps.map((entry) => entry.name);
    expect(names.indexOf('Promote')).toBeLessThan(names.indexOf('What promote wrote is what synth makes of it'));
    expect(step(promote!, 'What promote wrote is what synth makes of it').run).toBe(
      'npm run synth -- --check --cluster "$TO"',
    );
    const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.map((entry) => entry.run ?? ''));
    expect(scripts.join('\n')).not.toMatch(/npm run check|npm test/);
    expect(step(promote!, 'Commit, push and open the pull request').run).toContain(
      '--body-file "$RUNNER_TEMP/pr-body.md"',
    );
  });

  it('passes inputs to scripts through the environment, never by ${{ }} inside a script', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const entry of job.steps) expect(entry.run ?? '').not.toMatch(/\$\{\{\s*(inputs|github\.event)/);
    }
  });

  it('uses Node from .nvmrc and pins every action by commit SHA', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const entry of job.steps) {
        if (entry.uses !== undefined) expect(entry.uses).toMatch(PINNED_ACTION);
        if (entry.uses?.startsWith('actions/setup-node@')) expect(entry.with?.['node-version-file']).toBe('.nvmrc');
      }
    }
  });

  describe('input checks', () => {
    const script = step(gate!, 'Check the inputs').run!;
    const dir = mkdtempSync(join(tmpdir(), 'promote-inputs-'));
    const run = (env: Record<string, string>) =>
      runScript(
        script,
        { FORCE: 'false', REASON: '', APPS: 'web', PLATFORM: 'false', TAG: '', DIGEST: '', FROM_REF: '', ...env },
        dir,
      );

    it('refuses force without a written reason', () => {
      for (const reason of ['', '   ']) {
        const result = run({ FORCE: 'true', REASON: reason });
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('::error::force needs a reason');
      }
      expect(run({ FORCE: 'true', REASON: 'hotfix for INC-42, staging is down for maintenance' }).status).toBe(0);
    });

    it('refuses an empty selection and a half rollback', () => {
      expect(run({ APPS: '' }).stdout).toContain('::error::say what to promote');
      expect(run({ APPS: '', PLATFORM: 'true' }).status).toBe(0);
      expect(run({ TAG: '1.2.3' }).stdout).toContain('::error::tag needs its digest');
      expect(run({ TAG: '1.2.3', DIGEST: 'sha256:x', FROM_REF: 'HEAD~1' }).stdout).toContain('not both');
      rmSync(dir, { recursive: true, force: true });
    });
  });

  it('puts a forced promotion’s reason and the gate report into the pull request body', () => {
    const body = step(promote!, 'Pull request body');
    expect(body.env).toEqual({
      GATE_VERDICT: '${{ needs.gate.outputs.verdict }}',
      GATE_REPORT: '${{ needs.gate.outputs.report }}',
    });
    expect(body.run).toContain('if [ "$GATE_VERDICT" = forced ]; then');
    expect(body.run).toContain('Reason: %s');
    expect(workflow.env?.REASON).toBe('${{ inputs.reason }}');
  });
});
