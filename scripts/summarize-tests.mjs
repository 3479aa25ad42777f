// Totals vitest's and Playwright's JSON reports into the one closing line CI reads.
// A report that is missing counts as a failure: its runner crashed before it could say anything.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    notes.push(`${file} is missing: that runner did not finish`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if ("numPassedTests" in report) {
    // vitest
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numTotalTests === 0) notes.push(`${file}: vitest ran no test`);
    for (const suite of report.testResults ?? []) {
      if (suite.status === "failed" && suite.assertionResults.length === 0) {
        failed += 1;
        notes.push(`${suite.name} failed to load: ${(suite.message ?? "").split("\n")[0]}`);
      }
    }
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    for (const error of report.errors ?? []) {
      failed += 1;
      notes.push(`playwright: ${(error.message ?? "").split("\n")[0]}`);
    }
    const reasons = new Set();
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          for (const annotation of test.annotations ?? []) {
            if (annotation.type === "skip")
              reasons.add(`${spec.title}: ${annotation.description ?? "no reason given"}`);
          }
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of report.suites ?? []) walk(suite);
    for (const reason of reasons) notes.push(`skipped e2e: ${reason}`);
  } else {
    failed += 1;
    notes.push(`${file}: not a report this script knows`);
  }
}

for (const note of notes) console.log(`note: ${note}`);
if (passed + failed + skipped === 0) console.log("no test ran");
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
