import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveChartsDir } from '../../lib/validate/charts-dir';

describe('resolveChartsDir', () => {
  it('reads the chart reference data from ../shared/charts next to the repository by default', () => {
    expect(resolveChartsDir('/work/repo', {})).toBe(resolve('/work/shared/charts'));
    expect(resolveChartsDir('/work/repo', { CHARTS_DIR: '' })).toBe(resolve('/work/shared/charts'));
  });

  it('falls back to .cache/charts (npm run charts:pull) when there is no ../shared/charts', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'charts-dir-')), 'repo');
    expect(resolveChartsDir(root, {})).toBe(resolve(root, '../shared/charts'));
    mkdirSync(join(root, '.cache', 'charts'), { recursive: true });
    expect(resolveChartsDir(root, {})).toBe(join(root, '.cache', 'charts'));
  });

  it('takes CHARTS_DIR, relative to the repository root', () => {
    expect(resolveChartsDir('/work/repo', { CHARTS_DIR: '/data/charts' })).toBe(resolve('/data/charts'));
    expect(resolveChartsDir('/work/repo', { CHARTS_DIR: 'vendor/charts' })).toBe(
      join(resolve('/work/repo'), 'vendor/charts'),
    );
  });
});
