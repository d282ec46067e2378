import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ChartRules } from './chart-rules';
import { isMap } from './key-path';

/** A subchart the reference chart depends on (Chart.yaml `dependencies`). */
export interface SubchartReference {
  /** Its key in the parent's values: the alias, else the name. */
  readonly key: string;
  readonly name: string;
  /** The version (or range) the parent's Chart.yaml asks for. */
  readonly version: string;
  /** Where it has reference values (ChartRules.subcharts), with that chart's version and values. */
  readonly reference?: { readonly folder: string; readonly version: string; readonly values: Record<string, unknown> };
}

/** A chart's reference data at one version: what the check compares generated values with. */
export interface ChartReference {
  readonly chart: string;
  /** Relative to the charts folder. */
  readonly folder: string;
  /** `version` of the folder's Chart.yaml. */
  readonly version: string;
  readonly values: Record<string, unknown>;
  /** values.schema.json, where the chart ships one. */
  readonly schema?: Record<string, unknown>;
  readonly subcharts: readonly SubchartReference[];
}

export type ReferenceLookup =
  { readonly ok: true; readonly reference: ChartReference } | { readonly ok: false; readonly problem: string };

/**
 * Reads chart reference data from a charts folder (`<folder>/Chart.yaml`, `values.yaml`, optional
 * `values.schema.json`; see resolveChartsDir) and keeps what it read, so many releases of a chart parse it once.
 */
export class ChartReferenceStore {
  private readonly folders = new Map<string, ReferenceLookup>();

  constructor(readonly chartsDir: string) {}

  /**
   * The reference for a chart pinned at `pinnedVersion`: the folder `rules.referenceByMajor` names for the pin's
   * major, else `<chart>/`. A pin on an older major than that folder's data has no reference (its keys would be
   * checked against another line of the chart).
   */
  lookup(chart: string, pinnedVersion: string, rules: ChartRules): ReferenceLookup {
    const major = majorOf(pinnedVersion);
    const current = rules.referenceFolder ?? chart;
    const folder = (major === undefined ? undefined : rules.referenceByMajor?.[major]) ?? current;
    const found = this.folder(chart, folder, rules);
    if (!found.ok || folder !== current) return found;
    const referenceMajor = majorOf(found.reference.version);
    if (major !== undefined && referenceMajor !== undefined && major < referenceMajor) {
      return {
        ok: false,
        problem:
          `pinned ${pinnedVersion} is older than the reference data (${found.reference.version} in ${folder}/) and ` +
          `chart-rules.ts names no reference folder for ${chart} ${major}.x (referenceByMajor)`,
      };
    }
    return found;
  }

  private folder(chart: string, folder: string, rules: ChartRules): ReferenceLookup {
    let found = this.folders.get(folder);
    if (found === undefined) {
      found = this.read(chart, folder, rules);
      this.folders.set(folder, found);
    }
    return found;
  }

  private read(chart: string, folder: string, rules: ChartRules): ReferenceLookup {
    const dir = path.join(this.chartsDir, folder);
    // Where only values (and schema) were saved, the reference version is the newest of versions.txt (cert-manager:
    // the Chart.yaml in git carries a placeholder version, the release script sets the real one).
    const versionsFile = path.join(dir, 'versions.txt');
    const hasChartYaml = existsSync(path.join(dir, 'Chart.yaml'));
    const missing = [hasChartYaml || existsSync(versionsFile) ? [] : ['Chart.yaml'], ['values.yaml']]
      .flat()
      .filter((file) => !existsSync(path.join(dir, file)));
    if (missing.length > 0) {
      return {
        ok: false,
        problem: `no reference data for ${chart}: ${missing.join(' and ')} missing in ${dir} (set CHARTS_DIR to the chart reference folder)`,
      };
    }
    const chartYaml = hasChartYaml
      ? readYamlMap(path.join(dir, 'Chart.yaml'))
      : { version: newestVersion(readFileSync(versionsFile, 'utf8')) };
    const schemaFile = path.join(dir, 'values.schema.json');
    const schema = existsSync(schemaFile)
      ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>)
      : undefined;
    const dependencies = Array.isArray(chartYaml.dependencies) ? (chartYaml.dependencies as unknown[]) : [];
    const subcharts: SubchartReference[] = [];
    for (const dependency of dependencies.filter(isMap)) {
      const name = String(dependency.name);
      const key = typeof dependency.alias === 'string' && dependency.alias !== '' ? dependency.alias : name;
      const subFolder = rules.subcharts?.[key];
      const base = { key, name, version: String(dependency.version ?? '') };
      if (subFolder === undefined) {
        subcharts.push(base);
        continue;
      }
      const subDir = path.join(this.chartsDir, subFolder);
      if (!existsSync(path.join(subDir, 'Chart.yaml')) || !existsSync(path.join(subDir, 'values.yaml'))) {
        return {
          ok: false,
          problem: `no reference data for subchart ${key} of ${chart}: Chart.yaml or values.yaml missing in ${subDir}`,
        };
      }
      const reference = {
        folder: subFolder,
        version: String(readYamlMap(path.join(subDir, 'Chart.yaml')).version),
        values: readYamlMap(path.join(subDir, 'values.yaml')),
      };
      subcharts.push({ ...base, reference });
    }
    return {
      ok: true,
      reference: {
        chart,
        folder,
        version:
          rules.referenceVersion !== undefined && String(chartYaml.version) === rules.referenceVersion.placeholder
            ? rules.referenceVersion.version
            : String(chartYaml.version),
        values: readYamlMap(path.join(dir, 'values.yaml')),
        ...(schema === undefined ? {} : { schema }),
        subcharts,
      },
    };
  }
}

/** The major version of `1.2.3` or `v1.2.3`. */
export function majorOf(version: string): number | undefined {
  const match = /^v?(\d+)\./.exec(version);
  return match === null ? undefined : Number(match[1]);
}

/** Helm reads values.yaml as YAML 1.1 (`yes`/`on` are booleans), through sigs.k8s.io/yaml. */
function readYamlMap(file: string): Record<string, unknown> {
  const parsed: unknown = parse(readFileSync(file, 'utf8'), { version: '1.1' });
  return isMap(parsed) ? parsed : {};
}

/** The first version of a versions.txt (newest first; `#` lines are comments, columns are tab-separated). */
function newestVersion(text: string): string {
  const line = text.split('\n').find((entry) => entry.trim() !== '' && !entry.startsWith('#'));
  return line?.split('\t')[0]?.trim() ?? 'unknown';
}
