import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../errors';
import type { CommandIo } from '../cli/command';

/** One command the local scripts run: what for, its argv, and what goes to its standard input. */
export interface LocalStep {
  readonly what: string;
  readonly argv: readonly string[];
  /** Standard input (secret manifests); never printed. @default none */
  readonly stdin?: string;
}

/** The tools the local scripts need, and where to get each. */
export const LOCAL_TOOLS: Readonly<Record<string, string>> = {
  docker: 'Docker Engine or Docker Desktop with the compose plugin: https://docs.docker.com/get-docker/',
  k3d: 'k3d 5.x: https://k3d.io/#installation',
  kubectl: 'kubectl: https://kubernetes.io/docs/tasks/tools/',
  helm: 'Helm 3: https://helm.sh/docs/intro/install/',
};

/** Whether an executable named `tool` is on `PATH` (PATHEXT on Windows). */
function onPath(tool: string, env: CommandIo['env']): boolean {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => extensions.some((extension) => existsSync(join(dir, `${tool}${extension}`))));
}

/** Refuses, before anything runs, when a tool the steps use is not installed: one line per tool with its install page. */
export function requireTools(steps: readonly LocalStep[], env: CommandIo['env']): void {
  const needed = [...new Set(steps.map((step) => step.argv[0]!))];
  const missing = needed.filter((tool) => !onPath(tool, env));
  if (missing.length === 0) return;
  throw new ConfigError(
    {},
    `missing tool(s) on PATH: ${missing.join(', ')}; install them and run again:\n${missing.map((tool) => `    ${tool}: ${LOCAL_TOOLS[tool] ?? 'see docs/local.md'}`).join('\n')}`,
  );
}

/** How a step is shown: its argv, quoted where needed, and `< (stdin)` when it reads input. */
export function formatStep(step: LocalStep): string {
  const quoted = step.argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`));
  return `${quoted.join(' ')}${step.stdin === undefined ? '' : ' < (generated manifests on stdin)'}`;
}

/** Runs the steps in order, streaming their output; the first failing step stops the rest with its exit code. */
export async function runSteps(io: CommandIo, steps: readonly LocalStep[]): Promise<void> {
  for (const [index, step] of steps.entries()) {
    io.log(`[${index + 1}/${steps.length}] ${step.what}: ${formatStep(step)}`);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(step.argv[0]!, step.argv.slice(1), {
        cwd: io.root,
        env: io.env as NodeJS.ProcessEnv,
        stdio: [step.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => io.write(chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => io.writeError(chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve(status ?? 1));
      if (step.stdin !== undefined) child.stdin!.end(step.stdin);
    });
    if (code !== 0) {
      throw new ConfigError(
        {},
        `step ${index + 1} (${step.what}) failed with exit code ${code}: ${formatStep(step)}; see its output above and docs/local.md, "Troubleshooting"`,
      );
    }
  }
}
