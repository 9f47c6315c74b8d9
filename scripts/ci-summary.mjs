// Prints the plain "N passed, N failed" line CI reads, from vitest's JSON report. Under CI a
// skipped test counts as failed: every suite is meant to run there (.ci/run installs what they need).
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest.json';
if (!existsSync(file)) {
  // Typecheck or lint failed before vitest ran: count that as one failure.
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
const strict = process.env.CI === 'true';
const failed = report.numFailedTests + (report.numRuntimeErrors ?? 0) + (report.success || report.numFailedTests > 0 ? 0 : 1) + (strict ? skipped : 0);
if (strict && skipped > 0) {
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) if (test.status === 'pending' || test.status === 'todo' || test.status === 'skipped') process.stdout.write(`skipped under CI: ${test.fullName} (${suite.name})\n`);
  }
}
process.stdout.write(`${report.numPassedTests} passed, ${failed} failed${!strict && skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
