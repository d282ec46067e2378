/**
 * `npm run bench:infra`: times `npm run infra:synth` (every environment, end to end, as a user runs it) and
 * `npm run typecheck` of the whole repository, and fails when either exceeds its budget.
 */
import { reportMedians, timeScript } from './time-script';

process.exitCode =
  reportMedians([
    { label: 'npm run infra:synth', budgetSeconds: 5, runs: 3, measure: () => timeScript('infra:synth') },
    { label: 'npm run typecheck', budgetSeconds: 60, runs: 1, measure: () => timeScript('typecheck') },
  ]) === 0
    ? 0
    : 1;
