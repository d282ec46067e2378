import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_RULES } from '../../../lib/validate/helm-values/chart-rules';
import { checkHelmReleases } from '../../../lib/validate/helm-values/check-helm-values';
import { helmReleasesIn } from '../../../lib/validate/helm-values/helm-releases';
import { ChartReferenceStore } from '../../../lib/validate/helm-values/reference-data';
import { exportedChartPins } from '../../support/chart-pins';
import { CHARTS_DIR } from '../../support/charts';
import { runCli } from '../../support/repo-copy';
import { repositoryOutput } from '../../support/repository-output';
import { REPO_ROOT } from '../../support/repo-copy';

/**
 * A stand-in for `helm pull <chart> --repo <url> (or oci://<registry>/<chart>) --version <v> --untar --untardir <dir>` (there is no network
 * here): it unpacks what the chart reference data holds for the chart, in helm's layout, subcharts under
 * charts/. `FAIL_CHART` makes it fail for one chart as helm does.
 */
function fakeHelm(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-helm-'));
  const script = join(dir, 'helm');
  const subchartCopies = Object.entries(CHART_RULES)
    .flatMap(([chart, rules]) =>
      Object.entries(rules.subcharts ?? {}).map(
        ([key, folder]) =>
          `[ "$chart" = "${chart}" ] && mkdir -p "$out/$chart/charts/${key}" && cp "${CHARTS_DIR}/${folder}/"* "$out/$chart/charts/${key}/"`,
      ),
    )
    .join('\n');
  // Charts whose reference data is in a folder named otherwise (Istio's base is istio-base/).
  const folders = Object.entries(CHART_RULES)
    .filter(([, rules]) => rules.referenceFolder !== undefined)
    .map(([chart, rules]) => `[ "$chart" = "${chart}" ] && src="${rules.referenceFolder}"`)
    .join('\n');
  writeFileSync(
    script,
    `#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
chart="$(basename "$2")"; out=""; version=""
while [ $# -gt 0 ]; do [ "$1" = "--untardir" ] && out="$2"; [ "$1" = "--version" ] && version="$2"; shift; done
if [ "$chart" = "$FAIL_CHART" ]; then echo "Error: chart \\"$chart\\" version not found in repository" >&2; exit 1; fi
src="$chart"
${folders}
mkdir -p "$out/$chart" && cp "${CHARTS_DIR}/$src/"*.yaml "$out/$chart/" && cp "${CHARTS_DIR}/$src/"*.json "$out/$chart/" 2>/dev/null
# A pulled chart always has its Chart.yaml; the reference data of values-only charts (cert-manager) has none.
[ -f "$out/$chart/Chart.yaml" ] || printf 'name: %s\\nversion: %s\\n' "$chart" "$version" > "$out/$chart/Chart.yaml"
${subchartCopies}
exit 0
`,
  );
  chmodSync(script, 0o755);
  return script;
}

describe('npm run charts:pull', () => {
  it('writes the reference layout for every pinned chart, which the values check then reads', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'charts-out-')), 'charts');
    const helm = fakeHelm();
    const result = await runCli(REPO_ROOT, 'charts-pull', ['--out', out, '--helm', helm]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const pins = await exportedChartPins();
    // A pin whose repoURL has no scheme is an OCI registry: helm pulls it as oci://<registry>/<chart>.
    const calls = readFileSync(join(dirname(helm), 'calls.log'), 'utf8');
    for (const pin of pins.filter((candidate) => !candidate.repoURL.includes('://'))) {
      expect(calls).toContain(`pull oci://${pin.repoURL}/${pin.chart} --version ${pin.version} `);
    }
    const subchartFolders = pins.flatMap((pin) => Object.values(CHART_RULES[pin.chart]?.subcharts ?? {}));
    const folderOf = (chart: string) => CHART_RULES[chart]?.referenceFolder ?? chart;
    expect(readdirSync(out).sort()).toEqual([...pins.map((pin) => folderOf(pin.chart)), ...subchartFolders].sort());
    for (const pin of pins) expect(existsSync(join(out, folderOf(pin.chart), 'values.yaml'))).toBe(true);

    const { files } = await repositoryOutput();
    expect(checkHelmReleases(helmReleasesIn(files), new ChartReferenceStore(out))).toEqual([]);
  });

  it('fails with helm’s message, naming the chart, and leaves the target folder as it was', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'charts-out-'));
    const out = join(parent, 'charts');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'previous pull\n');
    const [pin] = await exportedChartPins();
    const result = await runCli(REPO_ROOT, 'charts-pull', ['--out', out, '--helm', fakeHelm()], {
      ...process.env,
      FAIL_CHART: pin!.chart,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${pin!.chart}: helm pull ${pin!.chart} ${pin!.version} from ${pin!.repoURL} failed: Error: chart "${pin!.chart}" version not found in repository\n`,
    );
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });
});
