import path from 'node:path';
import { PULLED_CHARTS_DIR } from '../../validate/charts-dir';
import { exportedChartPins } from '../../validate/helm-values/pinned-charts';
import { pullChartReferences } from '../../validate/helm-values/pull-chart-references';
import { type Command, parseFlags } from '../command';

const HELP = {
  command: 'charts:pull',
  summary:
    'Where there is network and helm (GitHub Actions): writes the chart reference data the Helm values check reads (the ../shared/charts layout) from every chart pinned in the code, at its pinned version, into .cache/charts. Set CHARTS_DIR to that folder for npm test.',
  flags: {
    out: { type: 'string', value: '<dir>', description: 'target folder (default .cache/charts)' },
    helm: { type: 'string', default: 'helm', value: '<path>', description: 'the helm binary' },
  },
  examples: ['npm run charts:pull', 'CHARTS_DIR=.cache/charts npm test'],
} as const;

/**
 * `npm run charts:pull [-- --out <dir>] [--helm <path>]`
 * Where there is network and helm (GitHub Actions): writes the chart reference data the Helm values check
 * reads (../shared/charts layout) from every chart pinned in the code, at its pinned version, into
 * .cache/charts. Set CHARTS_DIR to that folder for `npm test`.
 */
export const chartsPullCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const targetDir = path.resolve(io.root, flags.out ?? PULLED_CHARTS_DIR);
  const started = performance.now();
  const pins = await exportedChartPins(io.root);
  const result = pullChartReferences({ targetDir, pins, helm: flags.helm, env: { ...io.env } });
  io.log(`charts:pull: ${result.charts} charts into ${targetDir} in ${Math.round(performance.now() - started)} ms`);
  return 0;
};
