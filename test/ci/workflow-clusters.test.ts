import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/repo-copy';
import { repositoryOutput } from '../support/repository-output';

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');

/** Every string in a parsed workflow with its path (comments are not values, so they may name clusters). */
function strings(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      { path: `${path}.${key} (key)`, text: key },
      ...strings(item, `${path}.${key}`),
    ]);
  }
  return [];
}

describe('GitHub workflows follow the cluster list', () => {
  it('name no cluster: per-cluster jobs come from a matrix computed from clusters/ (infra/ci-matrix.ts)', async () => {
    const { project } = await repositoryOutput();
    const names = project.clusters.map((cluster) => cluster.definition.name);
    const found: string[] = [];
    for (const file of readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name))) {
      const workflow = parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Record<string, unknown>;
      // A manual workflow's input default is a suggestion the person running it can change.
      const inputs = ((workflow.on as Record<string, unknown> | undefined)?.workflow_dispatch ?? {}) as {
        inputs?: Record<string, { default?: unknown }>;
      };
      for (const [input, spec] of Object.entries(inputs.inputs ?? {})) {
        if (typeof spec.default === 'string' && /^[a-z0-9-]+$/.test(spec.default) && input !== 'apps') {
          expect(names, `${file}: inputs.${input}.default`).toContain(spec.default);
        }
      }
      for (const { path, text } of strings(workflow, file)) {
        if (/\.on\.workflow_dispatch\.inputs\.[^.]+\.default$/.test(path)) continue;
        for (const name of names) {
          if (new RegExp(`(^|[^a-z0-9-])${name}($|[^a-z0-9-])`, 'i').test(text)) found.push(`${path}: "${name}"`);
        }
      }
      for (const { path, text } of strings(workflow, file).filter((entry) => entry.path.endsWith('.strategy.matrix'))) {
        expect(text, path).toMatch(/^\$\{\{ fromJSON\(needs\.[\w-]+\.outputs\.[\w-]+\) \}\}$/);
      }
    }
    expect(found).toEqual([]);
  });
});
