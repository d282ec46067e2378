import { defineConfig } from 'vitest/config';

/**
 * Suites that drive real tools and processes: promtool unit tests of the generated alert rules (about 40 s
 * of CPU), releases killed at each write point and racing each other, and the mutation test that injects
 * every defect into a copy of generated/. They run as their own gate, `npm run test:integration`, after
 * the fast suite (`npm test`), so the everyday feedback stays under a minute; CI runs both.
 */
export const INTEGRATION_SUITES = [
  'test/platform/monitoring/promtool-test-rules.test.ts',
  'test/platform/cloudwatch/promtool-data-store-rules.test.ts',
  'test/release/platform-revision.test.ts',
  'test/transaction/**/*.test.ts',
  'test/validate/mutation.test.ts',
  'test/clusters/third-cluster.test.ts',
  'test/project/evaluate-with-timeout.test.ts',
  'test/cli/colour-terminal.test.ts',
  'test/synth/locale-independence.test.ts',
  'test/workflows/promote-gate-step.test.ts',
  'test/platform/events/schemas.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Test files share each worker's module cache: cdk8s' generated Kubernetes classes and the compiled
    // schema validators load once per worker instead of once per file (measured: the suite's CPU time
    // halves). Safe because no test mocks modules, changes process.env or relies on module state; the
    // only module-level caches are keyed by their inputs (WeakMaps of units and manifest sources).
    isolate: false,
    // Many tests wait on a child process (tsx, git, promtool): a third worker keeps both cores busy
    // (measured on 2 cores: 108 s -> 85 s for the whole suite).
    maxWorkers: 3,
    // Some suites run the real CLI (tsx) in a copy of the repository: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON reports are what .ci/run counts passed and failed tests from: each npm script names its own
    // file (.cache/test-report.json, .cache/test-report-integration.json).
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/test-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: INTEGRATION_SUITES,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION_SUITES,
        },
      },
    ],
  },
});
