import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function summarize(vitest: unknown, playwright: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'rd-summary-'));
  writeFileSync(join(dir, 'v.json'), JSON.stringify(vitest));
  writeFileSync(join(dir, 'p.json'), JSON.stringify(playwright));
  const run = spawnSync(
    process.execPath,
    [join(__dirname, 'summarize-tests.mjs'), join(dir, 'v.json'), join(dir, 'p.json')],
    {
      encoding: 'utf8',
    },
  );
  return { status: run.status, last: run.stdout.trim().split('\n').pop() };
}

const pw = { stats: { expected: 2, unexpected: 0, flaky: 0, skipped: 0 }, suites: [] };

describe('the closing line', () => {
  it('adds up both runners', () => {
    const vitest = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, testResults: [] };
    expect(summarize(vitest, pw)).toEqual({ status: 0, last: '5 passed, 0 failed, 0 skipped' });
  });

  it('counts a file whose setup hook failed as failed, though its tests only show as skipped', () => {
    const vitest = {
      numPassedTests: 3,
      numFailedTests: 0,
      numPendingTests: 2,
      testResults: [
        {
          name: 'src/x.test.ts',
          status: 'failed',
          message: 'beforeAll hook failed',
          assertionResults: [{ status: 'skipped' }, { status: 'skipped' }],
        },
      ],
    };
    expect(summarize(vitest, pw)).toEqual({ status: 1, last: '5 passed, 1 failed, 2 skipped' });
  });

  it('counts a missing report as a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-summary-'));
    const run = spawnSync(
      process.execPath,
      [join(__dirname, 'summarize-tests.mjs'), join(dir, 'none.json'), join(dir, 'none2.json')],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n').pop()).toBe('0 passed, 2 failed, 0 skipped');
  });
});
