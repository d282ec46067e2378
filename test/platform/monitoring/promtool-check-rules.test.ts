import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cronJob, field, productionCluster, render, stagingCluster, webService, worker } from '../fixtures';
import { REPO_ROOT } from '../../support/repo-copy';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';

/** Every PrometheusRule object under generated/, by its path: whatever apps and clusters the project has. */
function generatedRules(): { file: string; groups: unknown }[] {
  const root = path.join(REPO_ROOT, 'generated');
  const found: { file: string; groups: unknown }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) {
        const object = parse(readFileSync(full, 'utf8')) as { kind?: string; spec?: { groups?: unknown } };
        if (object?.kind === 'PrometheusRule')
          found.push({ file: path.relative(REPO_ROOT, full), groups: object.spec?.groups });
      }
    }
  };
  walk(root);
  return found;
}

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `promtool check rules (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    it.each(generatedRules().map((rule) => [rule.file, rule.groups]))('accepts %s', (_file, groups) => {
      const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], { 'rules.yaml': stringify({ groups }) });
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('accepts the rules of every workload kind, with and without an SLO, in staging and production', () => {
      const specs = [
        webService(),
        worker(),
        cronJob(),
        webService({ name: 'plain', slo: undefined, ingress: undefined, secrets: undefined }),
      ];
      for (const definition of [stagingCluster(), productionCluster()]) {
        const rendered = render(definition, specs);
        for (const spec of specs) {
          const rule = rendered.object(`${spec.name}/prometheusrule-${spec.name}.yaml`);
          const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], {
            'rules.yaml': stringify({ groups: field(rule, 'spec.groups') }),
          });
          expect(result.output, `${definition.name}/${spec.name}`).toContain('SUCCESS');
        }
      }
    });

    it('finds generated rule files to check', () => {
      expect(generatedRules().length).toBeGreaterThan(0);
    });
  },
);
