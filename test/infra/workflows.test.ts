import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { infraApplyEnvironment } from '../../infra/stacks/environment-stack';
import { APPS_DIR, CLUSTERS_DIR } from '../../lib/project/load';
import { filesUnder, importGraph, pathFilterMatches } from '../support/import-graph';
import { REPO_ROOT } from '../support/repo-copy';
import { production, staging } from './helpers';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly 'timeout-minutes'?: number;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, { paths?: string[] } | null>;
  readonly defaults?: { run?: { shell?: string } };
  readonly jobs: Record<string, Job>;
}

const read = (path: string) => parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as Workflow;
const INFRA = '.github/workflows/infra.yml';
const LEGACY_INFRA = 'test/infra/fixtures/legacy/infra.yml';

/** The commands `infra.yml` runs from the repository: each entry's import graph is what it depends on. */
const ENTRIES = ['infra/main.ts', 'infra/check.ts', 'infra/ci-matrix.ts'];

/** Files infra reads: the import graph, the projects loadProject discovers, the generated/ the contract reads. */
function infraInputs(): string[] {
  const project = [CLUSTERS_DIR, APPS_DIR].flatMap((folder) => filesUnder(REPO_ROOT, folder));
  const graph = importGraph(REPO_ROOT, [...ENTRIES, ...project.filter((file) => file.endsWith('.ts'))]);
  const generated = filesUnder(REPO_ROOT, 'generated').slice(0, 1);
  return [...new Set([...graph, ...project, ...generated, 'package.json', 'package-lock.json'])].sort();
}

function uncovered(patterns: readonly string[]): string[] {
  return infraInputs().filter((file) => !patterns.some((pattern) => pathFilterMatches(pattern, file)));
}

/** What a workflow breaks of the rules this file enforces (pipefail, timeouts). */
function hardeningProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  if (workflow.defaults?.run?.shell !== 'bash') problems.push('defaults.run.shell is not bash (no pipefail)');
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (typeof job['timeout-minutes'] !== 'number') problems.push(`job ${name} has no timeout-minutes`);
  }
  return problems;
}

/** What the infra workflow breaks of the reviewed-plan rules. */
function reviewedPlanProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? '').join('\n');
  const plan = runs(workflow.jobs.plan);
  if (!/terraform plan [^\n]*-lock=false/.test(plan)) problems.push('plan does not run with -lock=false');
  if (!/terraform plan [^\n]*-out=plan\.tfplan/.test(plan)) problems.push('plan does not save plan.tfplan');
  if (!/GITHUB_STEP_SUMMARY/.test(plan) || !/terraform show -no-color plan\.tfplan/.test(plan)) {
    problems.push('plan does not write the rendered plan into the job summary');
  }
  const upload = workflow.jobs.plan?.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  if (upload === undefined || !String(upload.with?.path).includes('plan.tfplan')) {
    problems.push('plan does not upload plan.tfplan as an artifact');
  }
  const apply = workflow.jobs.apply;
  const needs = [apply?.needs ?? []].flat();
  if (!needs.includes('plan')) problems.push('apply does not wait for the plan job');
  if (apply?.environment === undefined) problems.push('apply runs in no GitHub environment');
  if (!apply?.steps.some((step) => step.uses?.startsWith('actions/download-artifact@'))) {
    problems.push('apply does not download the saved plan');
  }
  const applyRuns = runs(apply);
  if (/terraform plan/.test(applyRuns)) problems.push('apply re-plans instead of applying the reviewed plan');
  if (!/terraform apply [^\n]*plan\.tfplan\s*$/m.test(applyRuns)) problems.push('apply does not apply plan.tfplan');
  return problems;
}

describe('the infra workflow', () => {
  const workflow = read(INFRA);

  it('runs on every file infra imports or reads, on pull requests and on main alike', () => {
    const pullRequest = workflow.on.pull_request?.paths ?? [];
    expect(workflow.on.push?.paths).toEqual(pullRequest);
    expect(uncovered(pullRequest)).toEqual([]);
    // The walk really follows infra's imports, into lib/ and through the dynamically loaded project files.
    expect(infraInputs()).toEqual(expect.arrayContaining(['lib/subnet-layout.ts', 'lib/naming.ts']));
    expect(infraInputs().some((file) => file.startsWith(`${CLUSTERS_DIR}/`))).toBe(true);
  });

  it('was missing lib/subnet-layout.ts and other imports before issue 12', () => {
    expect(uncovered(read(LEGACY_INFRA).on.pull_request?.paths ?? [])).toEqual(
      expect.arrayContaining(['lib/errors.ts', 'lib/order.ts', 'lib/repository.ts', 'lib/subnet-layout.ts']),
    );
  });

  it('fails a step when any command of a pipe fails, and bounds every job', () => {
    expect(hardeningProblems(workflow)).toEqual([]);
    expect(hardeningProblems(read(LEGACY_INFRA))).toEqual([
      'defaults.run.shell is not bash (no pipefail)',
      'job synth has no timeout-minutes',
      'job plan has no timeout-minutes',
      'job apply has no timeout-minutes',
    ]);
  });

  it('applies exactly the saved plan the environment reviewers approved', () => {
    expect(reviewedPlanProblems(workflow)).toEqual([]);
    expect(reviewedPlanProblems(read(LEGACY_INFRA))).toEqual([
      'plan does not run with -lock=false',
      'plan does not save plan.tfplan',
      'plan does not write the rendered plan into the job summary',
      'plan does not upload plan.tfplan as an artifact',
      'apply does not wait for the plan job',
      'apply does not download the saved plan',
      'apply re-plans instead of applying the reviewed plan',
      'apply does not apply plan.tfplan',
    ]);
  });

  it('applies each cluster in the environment its apply role trusts', () => {
    expect(workflow.jobs.apply?.environment).toBe('${{ matrix.githubEnvironment }}');
    expect([staging, production].map(infraApplyEnvironment)).toEqual(
      [staging, production].map((cluster) => `infra-${cluster.name}`),
    );
  });
});

describe('the pull-request workflow', () => {
  it('fails a step when any command of a pipe fails, and bounds every job', () => {
    expect(hardeningProblems(read('.github/workflows/ci.yml'))).toEqual([]);
  });
});
