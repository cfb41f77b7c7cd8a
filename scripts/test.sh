#!/usr/bin/env bash
# The whole test suite: build, unit and integration tests (vitest), then the UI flows in Chromium
# (Playwright through the web host). Ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json test-results/checks.json

echo "== build"
if ! npx electron-vite build; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Typecheck and lint count as one test each: a red one fails the run like any other test.
checks_passed=0
checks_failed=0
echo "== typecheck"
if npm run -s typecheck; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "typecheck FAILED"; fi
echo "== lint"
if npx eslint . --max-warnings 0; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "lint FAILED"; fi
printf '{"passed":%d,"failed":%d}\n' "$checks_passed" "$checks_failed" > test-results/checks.json

echo "== vitest"
bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?

echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json \
  bash scripts/with-keyring.sh npx playwright test --reporter=list,json
playwright_rc=$?

node scripts/summarize-tests.mjs test-results/vitest.json test-results/playwright.json test-results/checks.json
summary_rc=$?
if [ $vitest_rc -ne 0 ] || [ $playwright_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
