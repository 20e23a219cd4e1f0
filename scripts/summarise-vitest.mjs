// Prints the one line CI reads, `N passed, N failed[, N skipped]`, from vitest's JSON report.
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  // No report means vitest itself did not finish: count that as a failure, never as a pass.
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A suite can fail with no failed test in it: it did not load (its tests never ran), or a hook
// outside the tests failed (an afterAll that timed out). Each such suite counts as one failure.
const brokenSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
// Results of runs outside vitest (the chaos run of .ci/run), folded into the one line:
// EXTRA_RESULTS names a JSON file {"passed": n, "failed": n}; unreadable, it counts as a failure.
let extra = { passed: 0, failed: 0 };
if (process.env.EXTRA_RESULTS) {
  try {
    const read = JSON.parse(readFileSync(process.env.EXTRA_RESULTS, 'utf8'));
    extra = { passed: Number(read.passed) || 0, failed: Number(read.failed) || 0 };
  } catch {
    extra = { passed: 0, failed: 1 };
  }
}
const passed = report.numPassedTests + extra.passed;
const failed = report.numFailedTests + brokenSuites + extra.failed;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
