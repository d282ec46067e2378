import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_RULES } from '../../lib/validate/helm-values/chart-rules';
import { exportedChartPins } from '../support/chart-pins';
import { CHART_REFERENCES } from '../support/charts';
import { REPO_ROOT } from '../support/repo-copy';

/** The rows of the "Chart pins" table of docs/platform.md, by chart: [pin, repository, checked against, ...]. */
function chartPinRows(): Map<string, string[]> {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'platform.md'), 'utf8');
  const lines = text.slice(text.indexOf('## Chart pins')).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start, end)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const chart = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (chart !== undefined) rows.set(chart, cells.slice(1));
  }
  return rows;
}

describe('docs/platform.md', () => {
  it('lists every chart pin with its repository and the reference version its values are checked against', async () => {
    const store = CHART_REFERENCES;
    const rows = chartPinRows();
    const pins = await exportedChartPins();
    expect([...rows.keys()].sort()).toEqual(pins.map((pin) => pin.chart).sort());
    for (const pin of pins) {
      const lookup = store.lookup(pin.chart, pin.version, CHART_RULES[pin.chart]!);
      if (!lookup.ok) throw new Error(lookup.problem);
      const [version, repository, checkedAgainst = ''] = rows.get(pin.chart)!;
      expect({ chart: pin.chart, version, repository }).toEqual({
        chart: pin.chart,
        version: pin.version,
        repository: pin.repoURL,
      });
      expect(checkedAgainst.split(' ')[0]).toBe(lookup.reference.version);
      for (const subchart of lookup.reference.subcharts) {
        if (subchart.reference)
          expect(checkedAgainst).toContain(`subchart ${subchart.key} ${subchart.reference.version}`);
      }
    }
  });
});
