import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/repo-copy';

/** A GitHub Actions workflow as the yaml library reads it (only what the tests look at is typed). */
export interface Workflow {
  readonly on: Record<string, { inputs?: Record<string, WorkflowInput>; secrets?: Record<string, unknown> }>;
  readonly permissions?: Record<string, string>;
  readonly defaults?: { run?: { shell?: string } };
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}
export interface WorkflowInput {
  readonly type: string;
  readonly default?: string | boolean;
  readonly required?: boolean;
}
export interface Job {
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly 'timeout-minutes'?: number;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
export interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string | boolean>;
  readonly env?: Record<string, string>;
}

export function readWorkflow(name: string): Workflow {
  return parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

/** The step with this name (or id) in a job; fails loudly when there is none. */
export function step(job: Job, nameOrId: string): Step {
  const found = job.steps.find((candidate) => candidate.name === nameOrId || candidate.id === nameOrId);
  if (found === undefined) throw new Error(`no step "${nameOrId}"`);
  return found;
}

/** Runs a step's script with bash (as `defaults.run.shell: bash` does, `-e` and pipefail) in `cwd`. */
export function runScript(
  script: string,
  env: Record<string, string>,
  cwd: string,
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** `git` in a folder, quietly; returns its output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every third-party action is pinned to a full commit SHA with its version in a comment. */
export const PINNED_ACTION = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
