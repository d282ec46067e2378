import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_CATALOG } from '../lib/converge/chart-catalog';
import { loadProject } from '../lib/project/load';
import { GATEWAY_API_SOURCE } from '../platform/mesh/gateway-api';
import {
  exportedChartPins,
  type RepositoryLiteral,
  repositoryFiles,
  repositoryLiterals,
  sourceRepositoryLiterals,
} from './support/chart-pins';
import {
  type ExtractedDependency,
  extractDependencies,
  filePattern,
  loadRenovateConfig,
  managedFiles,
  type RegexManager,
  re2Problems,
} from './support/renovate-regex-manager';
import { REPO_ROOT } from './support/repo-copy';

const config = loadRenovateConfig();
const managers = config.customManagers ?? [];
const rules = config.packageRules ?? [];

function manager(datasource: string): RegexManager {
  const found = managers.find((candidate) => candidate.datasourceTemplate === datasource);
  if (found === undefined) throw new Error(`renovate.json has no custom manager for datasource ${datasource}`);
  return found;
}

function read(file: string): string {
  return readFileSync(join(REPO_ROOT, file), 'utf8');
}

/** What a manager extracts from the repository as it is. */
function extractAll(regexManager: RegexManager): ExtractedDependency[] {
  return managedFiles(regexManager, repositoryFiles()).flatMap((file) =>
    extractDependencies(regexManager, file, read(file)),
  );
}

/** Chart repository literals that no extracted pin of their file accounts for (each pin accounts for one). */
function unreadPins(
  literals: readonly RepositoryLiteral[],
  extracted: readonly ExtractedDependency[],
): RepositoryLiteral[] {
  const left = [...extracted];
  return literals.filter((literal) => {
    const index = left.findIndex(
      (dependency) =>
        dependency.file === literal.file && dependency.registryUrl === new URL(literal.repoURL).toString(),
    );
    if (index === -1) return true;
    left.splice(index, 1);
    return false;
  });
}

const asKeys = (dependencies: readonly Partial<ExtractedDependency>[]): string[] =>
  [...new Set(dependencies.map((d) => `${d.datasource} ${d.depName} ${d.registryUrl} ${d.currentValue}`))].sort();

const LOGGING_PINS = 'platform/logging/charts.ts';

/** The external directories the platform applies (each has a SOURCE_CATALOG entry). */
const REMOTE_SOURCES = [GATEWAY_API_SOURCE];

/** Git-tag pins (directories of GitHub repositories Argo CD applies), with the repository URL they were read from. */
function gitTagsAsRead(): ExtractedDependency[] {
  return extractAll(manager('github-tags')).map((dependency) => ({
    ...dependency,
    registryUrl: new URL(`https://github.com/${dependency.depName ?? ''}.git`).toString(),
  }));
}

describe('renovate.json', () => {
  it('uses current Renovate syntax (managerFilePatterns) and matchStrings that RE2 can run', () => {
    expect(managers.length).toBeGreaterThan(0);
    for (const regexManager of managers) {
      expect(regexManager.customType).toBe('regex');
      expect(regexManager).not.toHaveProperty('fileMatch');
      expect(regexManager.managerFilePatterns.length).toBeGreaterThan(0);
      for (const pattern of regexManager.managerFilePatterns) expect(() => filePattern(pattern)).not.toThrow();
      for (const matchString of regexManager.matchStrings) {
        expect({ matchString, problems: re2Problems(matchString) }).toEqual({ matchString, problems: [] });
        expect(new RegExp(matchString).source).toContain('(?<currentValue>');
      }
    }
  });

  it('reads the git-tag pin of every external directory Argo CD applies', () => {
    const pins = extractAll(manager('github-tags'));
    expect(pins.map((pin) => `${pin.depName} ${pin.currentValue}`)).toEqual(
      [...SOURCE_CATALOG.keys()].map((key) => {
        const source = REMOTE_SOURCES.find((candidate) => key === `${candidate.repoURL}#${candidate.path}`)!;
        return `${/github\.com\/(.+)\.git$/.exec(source.repoURL)![1]} ${source.targetRevision}`;
      }),
    );
  });

  describe('Helm chart pins', () => {
    it('reads every chart pin of the code base with its chart, repository and version', async () => {
      const extracted = extractAll(manager('helm'));
      const all = await exportedChartPins();
      const pins = all.filter((pin) => pin.repoURL.startsWith('https://'));
      expect(pins.length).toBeGreaterThan(0);
      // Every other pin is in an OCI registry (no scheme), read by the docker manager.
      const oci = extractAll(manager('docker'));
      expect(asKeys(oci)).toEqual(
        asKeys(
          all
            .filter((pin) => !pin.repoURL.startsWith('https://'))
            .map((pin) => ({
              datasource: 'docker',
              depName: `${pin.repoURL}/${pin.chart}`,
              currentValue: pin.version,
            })),
        ),
      );
      expect(asKeys(extracted)).toEqual(
        asKeys(
          pins.map((pin) => ({
            datasource: 'helm',
            depName: pin.chart,
            registryUrl: new URL(pin.repoURL).toString(),
            currentValue: pin.version,
          })),
        ),
      );
      // No chart repository is written anywhere in the sources without a pin the regex reads.
      const ociAsRead = oci.map((dependency) => {
        const image = dependency.depName ?? '';
        return { ...dependency, registryUrl: new URL(`oci://${image.slice(0, image.lastIndexOf('/'))}`).toString() };
      });
      expect(
        unreadPins(
          sourceRepositoryLiterals().map((literal) =>
            literal.repoURL.includes('://') ? literal : { ...literal, repoURL: `oci://${literal.repoURL}` },
          ),
          [...extracted, ...ociAsRead, ...gitTagsAsRead()],
        ),
      ).toEqual([]);
    });

    it('sees a pin added to a pin file, and a new component’s pin file', () => {
      const chartManager = manager('helm');
      const text = `${read(LOGGING_PINS)}
export const TEMPO_CHART: ChartPin = {
  chart: 'tempo',
  repoURL: 'https://grafana-community.github.io/helm-charts',
  version: '2.2.4',
};
`;
      const file = 'platform/tracing/charts.ts';
      expect(managedFiles(chartManager, [file, 'platform/tracing/values.ts'])).toEqual([file]);
      const before = extractDependencies(chartManager, LOGGING_PINS, read(LOGGING_PINS));
      const after = extractDependencies(chartManager, file, text);
      expect(after).toHaveLength(before.length + 1);
      expect(after).toContainEqual({
        file,
        depName: 'tempo',
        datasource: 'helm',
        registryUrl: 'https://grafana-community.github.io/helm-charts',
        currentValue: '2.2.4',
      });
      expect(unreadPins(repositoryLiterals(file, text), after)).toEqual([]);
    });

    it('reports a pin the regex cannot read: fields in another order, or a file it does not look at', () => {
      const chartManager = manager('helm');
      const reordered = `export const X_CHART: ChartPin = {\n  version: '1.0.0',\n  chart: 'x',\n  repoURL: 'https://example.org/charts',\n};\n`;
      const file = 'platform/x/charts.ts';
      expect(
        unreadPins(repositoryLiterals(file, reordered), extractDependencies(chartManager, file, reordered)),
      ).toEqual([{ file, line: 4, repoURL: 'https://example.org/charts' }]);
      const elsewhere = 'lib/model/pins.ts';
      expect(managedFiles(chartManager, [elsewhere])).toEqual([]);
    });

    it('labels chart updates and tells the pull request what else it needs', () => {
      const rule = rules.find((candidate) => (candidate.matchDatasources as string[] | undefined)?.includes('helm'));
      expect(rule).toMatchObject({ matchManagers: ['custom.regex'] });
      expect(String(rule?.prBodyNotes)).toContain('npm run synth');
    });
  });

  describe('held for manual review', () => {
    it('reads every cluster’s Kubernetes minor, and updates it only after approval', async () => {
      const kubernetes = manager('endoflife-date');
      const project = await loadProject(REPO_ROOT);
      expect(extractAll(kubernetes).sort((a, b) => (a.file < b.file ? -1 : 1))).toEqual(
        project.clusters.map((cluster) => ({
          file: cluster.file,
          depName: 'amazon-eks',
          datasource: 'endoflife-date',
          versioning: 'loose',
          currentValue: cluster.definition.kubernetesVersion,
        })),
      );
      const rule = rules.find((candidate) => (candidate.matchDepNames as string[] | undefined)?.includes('amazon-eks'));
      expect(rule).toMatchObject({ matchDatasources: ['endoflife-date'], dependencyDashboardApproval: true });
      expect(rule).not.toHaveProperty('matchUpdateTypes');
    });

    it('updates a Node.js major (.nvmrc, engines, the node package, @types/node) only after approval, LTS lines only', () => {
      // .nvmrc names the exact version of the node devDependency; both move in one pull request.
      expect(read('.nvmrc').trim()).toBe(
        (JSON.parse(read('package.json')) as { devDependencies: { node: string } }).devDependencies.node,
      );
      expect(rules).toContainEqual(expect.objectContaining({ matchDepNames: ['node'], groupName: 'Node.js runtime' }));
      expect((JSON.parse(read('package.json')) as { engines?: { node?: string } }).engines?.node).toBeDefined();
      const major = rules.find(
        (candidate) =>
          (candidate.matchDepNames as string[] | undefined)?.includes('node') &&
          (candidate.matchUpdateTypes as string[] | undefined)?.includes('major'),
      );
      expect(major).toMatchObject({ matchDepNames: ['node', '@types/node'], dependencyDashboardApproval: true });
      const lts = rules.find((candidate) => typeof candidate.allowedVersions === 'string');
      expect(lts).toMatchObject({ matchDepNames: ['node'] });
      const allowed = filePattern(String(lts?.allowedVersions));
      expect(['24', '24.11.1', 'v26.0.0', '28.1.0'].filter((version) => !allowed.test(version))).toEqual([]);
      expect(['25', '25.0.0', 'v27.1.0'].filter((version) => allowed.test(version))).toEqual([]);
    });
  });

  it('pins GitHub Actions by commit SHA, as every workflow does today', () => {
    expect(rules).toContainEqual(expect.objectContaining({ matchManagers: ['github-actions'], pinDigests: true }));
    const dir = join(REPO_ROOT, '.github', 'workflows');
    const uses = (existsSync(dir) ? readdirSync(dir) : [])
      .filter((file) => /\.ya?ml$/.test(file))
      .flatMap((file) =>
        [...read(`.github/workflows/${file}`).matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)/gm)].map((m) => `${file}: ${m[1]}`),
      );
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((use) => !/@[0-9a-f]{40}$/.test(use))).toEqual([]);
  });
});
