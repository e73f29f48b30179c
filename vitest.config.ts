import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn processes and open SQLite files; 2 cores do not gain from more.
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
    // The JSON report is what .ci/run sums into its "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
  },
});
