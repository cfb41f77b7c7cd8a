#!/usr/bin/env bash
# The whole test suite: build, unit and integration tests (vitest), then the UI flows in Chromium
# (Playwright through the web host). Ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json

echo "== build"
if ! npx electron-vite build; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== vitest"
bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?

echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json \
  bash scripts/with-keyring.sh npx playwright test --reporter=list,json
playwright_rc=$?

node scripts/summarize-tests.mjs test-results/vitest.json test-results/playwright.json
summary_rc=$?
if [ $vitest_rc -ne 0 ] || [ $playwright_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  exit 1
fi
