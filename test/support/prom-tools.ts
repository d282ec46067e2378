import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'vitest';

/**
 * The Prometheus and Alertmanager command-line tools the rule and routing tests run: `promtool` (Debian package
 * `prometheus`) and `amtool` (`prometheus-alertmanager`). `.ci/run` and the CI workflow install them when
 * missing; `PROMTOOL` / `AMTOOL` may name other binaries.
 */
export type PromTool = 'promtool' | 'amtool';

const INSTALL_HINT = 'apt-get install -y prometheus prometheus-alertmanager (as .ci/run does)';

/** The path of the tool, or undefined when it is not installed. */
export function findTool(tool: PromTool): string | undefined {
  const override = process.env[tool.toUpperCase()];
  const candidate = override === undefined || override === '' ? tool : override;
  const found = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return found.error === undefined && found.status === 0 ? candidate : undefined;
}

/** The first line of `<tool> --version`, e.g. `promtool, version 2.42.0+ds`. */
export function toolVersion(binary: string): string {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.split('\n')[0] ?? '';
}

/**
 * A test that says, never silently, whether the tool's tests run: in CI (`CI=true`) a missing tool fails the
 * suite; on a developer machine without it the tool's tests are skipped and this test prints how to install it.
 */
export function requireToolInCi(tool: PromTool): string | undefined {
  const binary = findTool(tool);
  it(`${tool} is installed (required in CI, where the ${tool} tests must run)`, () => {
    if (binary !== undefined) return;
    const message = `${tool} is not installed, so its tests are skipped; install it with: ${INSTALL_HINT}`;
    if (process.env.CI === 'true') throw new Error(`CI=true: ${message}`);
    console.warn(`SKIPPED: ${message}`);
  });
  return binary;
}

/** The result of one run of a tool. */
export interface ToolRun {
  readonly status: number;
  readonly output: string;
}

/** Writes `files` into a fresh temporary folder and runs the tool there with `args`. */
export function runTool(
  binary: string,
  args: readonly string[],
  files: Readonly<Record<string, string>> = {},
): ToolRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  try {
    const output = execFileSync(binary, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** `runTool` without blocking: concurrent tests run their tools in parallel. */
export function runToolAsync(
  binary: string,
  args: readonly string[],
  files: Readonly<Record<string, string>> = {},
): Promise<ToolRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return new Promise((resolve) => {
    execFile(binary, args, { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}
