import { describe, expect, it } from 'vitest';
import { infraCheckCommand } from '../../infra/commands/infra-check';
import { infraSynthCommand } from '../../infra/commands/infra-synth';
import { loadInfraProject } from '../../infra/project';
import { REPO_ROOT, runCommandIn } from '../support/repo-copy';

describe('infra:synth and infra:check, like every command', () => {
  it.each([
    ['infra:synth', infraSynthCommand],
    ['infra:check', infraCheckCommand],
  ] as const)('%s answers --help and calls a positional argument a usage error', async (name, command) => {
    const help = await runCommandIn(REPO_ROOT, command, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(`usage: npm run ${name} -- [flags]`);
    expect(help.stdout).toContain('--cluster <name>');
    const positional = await runCommandIn(REPO_ROOT, command, ['staging']);
    expect(positional.status).toBe(2);
    expect(positional.stderr).toContain(`Run \`npm run ${name} -- --help\``);
  });

  it('names an unknown cluster with the known ones, and writes nothing', async () => {
    const { clusters } = await loadInfraProject(REPO_ROOT);
    const result = await runCommandIn(REPO_ROOT, infraSynthCommand, ['--cluster', 'no-such-cluster']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `--cluster: unknown cluster no-such-cluster; known clusters: ${clusters.map((c) => c.name).join(', ')}`,
    );
  });

  it('infra:check synthesizes what it checks: one cluster, both phases, no stale stack of another', async () => {
    const { clusters } = await loadInfraProject(REPO_ROOT);
    const name = clusters[0]!.name;
    const result = await runCommandIn(REPO_ROOT, infraCheckCommand, ['--cluster', name]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const checked = result.stdout.split('\n').filter((line) => line.startsWith('infra:check: '));
    expect(checked.map((line) => line.split(':')[2]!.trim())).toEqual([`${name}-dns`, name]);
  });
});
