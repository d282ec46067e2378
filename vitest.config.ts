import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Test files share each worker's module cache: cdk8s' generated Kubernetes classes and the compiled
    // schema validators load once per worker instead of once per file (measured: the suite's CPU time
    // halves). Safe because no test mocks modules, changes process.env or relies on module state; the
    // only module-level caches are keyed by their inputs (WeakMaps of units and manifest sources).
    isolate: false,
    // Some suites run the real CLI (tsx) in a copy of the repository: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run counts passed and failed tests from.
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/test-report.json' },
  },
});
