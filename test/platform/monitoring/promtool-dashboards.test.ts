import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../../support/repo-copy';
import { requireToolInCi, runTool, toolVersion } from '../../support/prom-tools';
import { DASHBOARD_LABEL } from '../../../platform/monitoring/app-dashboard';

/** Every dashboard ConfigMap under generated/ with the PromQL of its panels, whatever the project holds. */
function generatedDashboardQueries(): { file: string; exprs: string[] }[] {
  const root = path.join(REPO_ROOT, 'generated');
  const found: { file: string; exprs: string[] }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.startsWith('configmap-') && entry.name.endsWith('.yaml')) {
        const object = parse(readFileSync(full, 'utf8')) as {
          metadata?: { labels?: Record<string, string> };
          data?: Record<string, string>;
        };
        if (object.metadata?.labels?.[DASHBOARD_LABEL] === undefined) continue;
        const exprs = Object.values(object.data ?? {}).flatMap((json) =>
          (JSON.parse(json) as { panels: { targets?: { expr: string }[] }[] }).panels.flatMap((panel) =>
            (panel.targets ?? []).map((target) => target.expr),
          ),
        );
        found.push({ file: path.relative(REPO_ROOT, full), exprs });
      }
    }
  };
  walk(root);
  return found;
}

const promtool = requireToolInCi('promtool');

describe.skipIf(promtool === undefined)(
  `promtool parses every dashboard query (${promtool === undefined ? '' : toolVersion(promtool)})`,
  () => {
    it.each(generatedDashboardQueries().map((dashboard) => [dashboard.file, dashboard.exprs] as const))(
      '%s',
      (_file, exprs) => {
        expect(exprs.length).toBeGreaterThan(0);
        // Grafana replaces $__rate_interval before it queries; promtool parses each query as a recording rule.
        const rules = exprs.map((expr, index) => ({
          record: `dashboard:query:${index}`,
          expr: expr.replaceAll('$__rate_interval', '5m'),
        }));
        const result = runTool(promtool!, ['check', 'rules', 'rules.yaml'], {
          'rules.yaml': stringify({ groups: [{ name: 'dashboard', rules }] }),
        });
        expect(result.output).toContain('SUCCESS');
        expect(result.status).toBe(0);
      },
    );

    it('finds the generated dashboards to check', () => {
      expect(generatedDashboardQueries().length).toBeGreaterThan(0);
    });
  },
);
