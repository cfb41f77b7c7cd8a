/**
 * `npm run bench`: measures the hot paths side by side in one run and prints a table.
 * Numbers are for the machine it runs on; ratios are what to compare across machines.
 *
 * 1. Ledger writes: start + finish of N requests on a real SQLite file (WAL).
 * 2. Spend per local day over N rows: the ledger's cached zone lookup vs formatting every row
 *    with Intl.DateTimeFormat.
 * 3. Streaming: messages sent to the window for one long answer from the fake OpenRouter, with
 *    the 16 ms / 2 KB coalescing vs one message per token.
 * 4. Rendering (bench/render): long streamed answers on a real screen in headless Chromium, the
 *    app's Playground beside two peer Markdown renderers; time to first token over the raw SDK;
 *    opening a stored 500-message conversation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fakeKey, startFakeOpenRouter } from '../src/fake-openrouter/server';
import { ChatService } from '../src/main/core/chat/chat-service';
import { Ledger } from '../src/main/core/ledger/ledger';
import type { CallContext } from '../src/main/core/rpc';
import { openDatabase } from '../src/main/core/store/database';
import { renderBenches } from './render';

const ROWS = 20_000;
const TOKENS = 3_000;
const DAY_MS = 86_400_000;

interface Row {
  bench: string;
  variant: string;
  value: string;
  ratio: string;
}
const table: Row[] = [];

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

async function ledgerBenches(dir: string): Promise<void> {
  const { db } = openDatabase(join(dir, 'bench.db'));
  const now = Date.UTC(2026, 10, 25, 12);
  const ledger = new Ledger(db, () => now);
  const write = time(() => {
    const insert = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const startedAt = now - Math.floor((i / ROWS) * 30 * DAY_MS);
        const id = ledger.start({
          requestId: `r-${i}`,
          origin: 'playground',
          modelRequested: 'openai/gpt-5',
          startedAt,
        });
        ledger.finish(id, {
          status: 'ok',
          promptTokens: 100,
          completionTokens: 50,
          cost: 0.000123 * (i % 7),
          endedAt: startedAt + 900,
        });
      }
    });
    for (let i = 0; i < ROWS; i += 1000) insert(i, i + 1000);
  });
  table.push({
    bench: 'ledger writes',
    variant: `${ROWS} start+finish, batches of 1000`,
    value: `${Math.round(ROWS / (write.ms / 1000)).toLocaleString()} req/s`,
    ratio: '',
  });

  const unbatched = time(() => {
    for (let i = 0; i < 500; i++) {
      const id = ledger.start({
        requestId: `u-${i}`,
        origin: 'playground',
        modelRequested: 'openai/gpt-5',
        startedAt: now,
      });
      ledger.finish(id, { status: 'ok', cost: 0.0001, endedAt: now + 1 });
    }
  });
  table.push({
    bench: 'ledger writes',
    variant: '500 start+finish, one transaction each (as the app does)',
    value: `${Math.round(500 / (unbatched.ms / 1000)).toLocaleString()} req/s`,
    ratio: '',
  });

  const zone = 'America/New_York';
  // Warm both paths once so neither pays first-use costs in the measurement.
  ledger.spendByDay({ days: 30, timeZone: zone, now });
  const cached = time(() => ledger.spendByDay({ days: 30, timeZone: zone, now }));
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const naive = time(() => {
    const sums = new Map<string, number>();
    const rows = db
      .prepare('SELECT started_at AS t, cost FROM requests WHERE started_at >= ?')
      .all(now - 31 * DAY_MS) as Array<{ t: number; cost: number }>;
    for (const r of rows) {
      const day = fmt.format(r.t);
      sums.set(day, (sums.get(day) ?? 0) + (r.cost ?? 0));
    }
    return sums;
  });
  const totalCached = cached.result.reduce((s, d) => s + d.cost, 0);
  const shownDays = new Set(cached.result.map((d) => d.day));
  const totalNaive = [...naive.result].filter(([day]) => shownDays.has(day)).reduce((s, [, c]) => s + c, 0);
  if (Math.abs(totalCached - totalNaive) > 1e-9)
    throw new Error(`spend totals differ: ${totalCached} vs ${totalNaive}`);
  table.push({
    bench: 'spend per day',
    variant: `ledger.spendByDay, ${ROWS + 500} rows, ${zone}`,
    value: `${cached.ms.toFixed(1)} ms`,
    ratio: '1.00',
  });
  table.push({
    bench: 'spend per day',
    variant: 'Intl.DateTimeFormat on every row',
    value: `${naive.ms.toFixed(1)} ms`,
    ratio: (naive.ms / cached.ms).toFixed(2),
  });
  db.close();
}

async function streamBench(dir: string): Promise<void> {
  const fake = await startFakeOpenRouter({ generationDelayMs: 0 });
  try {
    const key = fakeKey('valid', 1);
    const results: Array<{ variant: string; messages: number; ms: number }> = [];
    // The first stream pays for loading the SDK and JIT warm-up; it is run and not recorded.
    for (const [variant, flushBytes] of [
      ['warm-up', 2048],
      ['coalesced (16 ms / 2 KB)', 2048],
      ['one message per token', 1],
    ] as const) {
      const { db } = openDatabase(join(dir, `stream-${variant.replace(/\W+/g, '-')}.db`));
      const chat = new ChatService({
        ledger: new Ledger(db),
        baseUrl: () => fake.baseUrl,
        apiKey: () => key,
        flushBytes,
      });
      let messages = 0;
      let finished: () => void = () => {};
      const done = new Promise<void>((r) => (finished = r));
      const ctx: CallContext = {
        emit(name) {
          if (name === 'chat.delta') messages++;
          else finished();
          return true;
        },
        onClose() {
          return () => {};
        },
      };
      const t0 = performance.now();
      chat.start(
        {
          requestId: crypto.randomUUID(),
          model: 'anthropic/claude-sonnet-4.5',
          messages: [{ role: 'user', content: `bench [[fake:tokens=${TOKENS}]] [[fake:rate=0]]` }],
          params: {},
          origin: 'playground',
        },
        ctx,
      );
      await done;
      if (variant !== 'warm-up') results.push({ variant, messages, ms: performance.now() - t0 });
      db.close();
    }
    const base = results[0]!;
    for (const r of results) {
      table.push({
        bench: `stream ${TOKENS} tokens`,
        variant: r.variant,
        value: `${r.messages} messages, ${r.ms.toFixed(0)} ms`,
        ratio: (r.messages / base.messages).toFixed(2),
      });
    }
  } finally {
    await fake.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'routerdesk-bench-'));
  try {
    await ledgerBenches(dir);
    await streamBench(dir);
    await renderBenches((row) => table.push(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = (['bench', 'variant', 'value', 'ratio'] as const).map((k) =>
    Math.max(k.length, ...table.map((r) => r[k].length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(['bench', 'variant', 'value', 'ratio']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of table) console.log(line([r.bench, r.variant, r.value, r.ratio]));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
