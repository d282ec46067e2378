import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A Helm chart pin: the chart, its repository and the exact version. */
export interface ChartPinValue {
  readonly chart: string;
  readonly repoURL: string;
  readonly version: string;
}

/** Folders whose modules may define chart pins and are safe to import (constructs and data, no commands). */
const PIN_MODULE_FOLDERS = ['platform', 'lib/argocd'];

/** Folders that hold no source of the product: never scanned. */
const SKIPPED = new Set(['node_modules', '.git', '.cache', 'generated', 'cdktf.out', 'test']);

/** Every file of the repository (paths relative to its root, with `/`), without dependencies, output and tests. */
export function repositoryFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  visit(root);
  return out.sort();
}

/**
 * The chart pins the code really uses, found without the Renovate regex: every exported value of the pin
 * modules' folders (platform/, lib/argocd/) that has exactly a string chart, repoURL and version.
 */
export async function exportedChartPins(root: string): Promise<ChartPinValue[]> {
  const pins: ChartPinValue[] = [];
  const files = repositoryFiles(root).filter(
    (file) => PIN_MODULE_FOLDERS.some((folder) => file.startsWith(`${folder}/`)) && file.endsWith('.ts'),
  );
  for (const file of files) {
    const module = (await import(pathToFileURL(join(root, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isChartPin(value)) pins.push(value);
  }
  const unique = new Map(pins.map((pin) => [`${pin.chart} ${pin.repoURL} ${pin.version}`, pin]));
  return [...unique.values()].sort((a, b) => (a.chart < b.chart ? -1 : a.chart > b.chart ? 1 : 0));
}

function isChartPin(value: unknown): value is ChartPinValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  return (
    keys.join(',') === 'chart,repoURL,version' &&
    typeof record.chart === 'string' &&
    typeof record.repoURL === 'string' &&
    typeof record.version === 'string'
  );
}
