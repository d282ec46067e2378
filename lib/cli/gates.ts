/** One gate of `npm run check`: an npm script that must exit 0. */
export interface Gate {
  /** What the gate proves, as the check prints it. */
  readonly name: string;
  readonly script: string;
  readonly args?: readonly string[];
}

/**
 * The gates a change must pass, cheapest first, so the first failure costs seconds and shows that gate's
 * own message: a hand-edited or stale generated/ file fails in about 2 s with its patch, not minutes later
 * as a test assertion. CI (`.github/workflows/ci.yml`, `.ci/run`) runs the same list through `npm run check`.
 */
export const GATES: readonly Gate[] = [
  { name: 'generated/ is up to date', script: 'synth', args: ['--check'] },
  { name: 'lint, format and secret scan', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'validate generated/', script: 'validate' },
  { name: 'first sync converges (converge)', script: 'converge', args: ['--quiet'] },
  { name: 'tests', script: 'test' },
  { name: 'integration tests (promtool, amtool, killed and racing processes, mutations)', script: 'test:integration' },
];
