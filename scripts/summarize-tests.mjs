// Adds up vitest's and Playwright's JSON reports into one closing line: "N passed, N failed".
// A missing or unreadable report counts as one failure: a runner that crashed ran nothing.
import { readFileSync } from 'node:fs';

const [vitestPath, playwrightPath, checksPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function read(path, label) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.log(`${label}: no report at ${path} (the runner did not finish)`);
    failed += 1;
    return null;
  }
}

const vitest = read(vitestPath, 'vitest');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A file that failed without a failed test in it (it did not load, or a setup hook threw and
  // its tests were skipped) is a failure all the same.
  for (const file of vitest.testResults ?? []) {
    const results = file.assertionResults ?? [];
    if (file.status === 'failed' && !results.some((r) => r.status === 'failed')) {
      failed += 1;
      console.log(`vitest: ${file.name} failed outside its tests: ${String(file.message ?? '').split('\n')[0]}`);
    }
  }
  console.log(
    `vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests} skipped`,
  );
}
const pw = read(playwrightPath, 'playwright');
if (pw) {
  const s = pw.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  for (const e of pw.errors ?? []) {
    console.log(`playwright error: ${String(e.message ?? e).split('\n')[0]}`);
    failed += 1;
  }
  // Say why anything was skipped, so a skip is never mistaken for a pass.
  const visit = (suite) => {
    for (const child of suite.suites ?? []) visit(child);
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
        console.log(`skipped: ${spec.file} › ${spec.title}: ${why}`);
      }
    }
  };
  for (const suite of pw.suites ?? []) visit(suite);
  console.log(
    `playwright: ${s.expected ?? 0} passed, ${s.unexpected ?? 0} failed, ${s.flaky ?? 0} flaky, ${s.skipped ?? 0} skipped`,
  );
}
if (checksPath) {
  const checks = read(checksPath, 'typecheck and lint');
  if (checks) {
    passed += checks.passed;
    failed += checks.failed;
    console.log(`typecheck and lint: ${checks.passed} passed, ${checks.failed} failed`);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
