/**
 * `npm run bench:gates`: times each gate of `npm run check` on its own (lib/cli/gates.ts, cheapest first)
 * and the whole check, against budgets: the test suite under 60 s and the staleness check, which runs
 * first, under 5 s. `-- --runs N` repeats each (default 1; the suite takes most of a minute).
 */
import { parseArgs } from 'node:util';
import { GATES } from '../lib/cli/gates';
import { reportMedians, timeScript } from './time-script';

const BUDGET_SECONDS: Readonly<Record<string, number>> = {
  synth: 5,
  lint: 30,
  typecheck: 30,
  validate: 15,
  test: 60,
  'test:integration': 90,
};

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);

const overBudget = reportMedians([
  ...GATES.map((gate) => ({
    label: `gate ${gate.name} (npm run ${gate.script}${gate.args === undefined ? '' : ` -- ${gate.args.join(' ')}`})`,
    budgetSeconds: BUDGET_SECONDS[gate.script] ?? 60,
    runs,
    measure: () => timeScript(gate.script, gate.args),
  })),
  { label: 'npm run check (all gates)', budgetSeconds: 240, runs, measure: () => timeScript('check') },
]);
process.exitCode = overBudget === 0 ? 0 : 1;
