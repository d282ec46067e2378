import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Some suites run the real CLI (tsx) in a copy of the repository: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run counts passed and failed tests from.
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/test-report.json' },
  },
});
