// Sums the test runners' JSON reports into the one line CI reads: "N passed, N failed".
// A runner that was expected but left no report counts as one failure: a crash is not a pass.
import { existsSync, readFileSync } from 'node:fs';

const reports = {
  vitest: {
    path: '.reports/vitest.json',
    // A test file that failed to load has no test results: count it as one failure.
    count: (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + r.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length,
      skipped: r.numPendingTests + r.numTodoTests,
    }),
  },
  playwright: {
    path: '.reports/playwright.json',
    // Errors outside any test (a spec that fails to load, a worker fixture that throws) count as one failure each.
    count: (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected + (r.errors?.length ?? 0), skipped: r.stats.skipped }),
  },
};

const expected = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of expected) {
  const report = reports[name];
  if (!report) throw new Error(`unknown runner ${name}`);
  if (!existsSync(report.path)) {
    console.error(`${name}: no report at ${report.path} (the runner did not finish)`);
    failed += 1;
    continue;
  }
  const counts = report.count(JSON.parse(readFileSync(report.path, 'utf8')));
  console.error(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
