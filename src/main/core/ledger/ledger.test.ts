import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { LedgerEntry, LedgerSummary } from '@shared/schemas';
import { openDatabase, type OpenedDatabase } from '../store/database';
import { Ledger } from './ledger';

let dir: string;
let file: string;
let opened: OpenedDatabase;
let clock: number;
let ledger: Ledger;

function reopen(): void {
  if (opened.db.open) opened.db.close();
  opened = openDatabase(file);
  ledger = new Ledger(opened.db, () => clock);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'routerdesk-ledger-'));
  file = path.join(dir, 'routerdesk.db');
  clock = Date.UTC(2026, 7, 25, 12, 0, 0);
  opened = openDatabase(file);
  ledger = new Ledger(opened.db, () => clock);
});
afterEach(() => {
  if (opened.db.open) opened.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an error');
}

let seq = 0;
function startRequest(extra: Partial<Parameters<Ledger['start']>[0]> = {}): number {
  seq += 1;
  return ledger.start({ requestId: `req-${seq}`, origin: 'playground', modelRequested: 'openai/gpt-5', ...extra });
}

describe('Ledger.start', () => {
  it('records a pending request before it is sent', () => {
    const id = ledger.start({
      requestId: 'b8a4b3e2-1111-4222-8333-944455556666',
      origin: 'compare',
      modelRequested: 'anthropic/claude-sonnet-4.5',
      params: { temperature: 0.7 },
      streamed: true,
    });
    const entry = ledger.get(id);
    expect(entry).toEqual({
      id,
      requestId: 'b8a4b3e2-1111-4222-8333-944455556666',
      startedAt: clock,
      endedAt: null,
      origin: 'compare',
      modelRequested: 'anthropic/claude-sonnet-4.5',
      modelUsed: null,
      provider: null,
      generationId: null,
      status: 'pending',
      finishReason: null,
      promptTokens: null,
      completionTokens: null,
      reasoningTokens: null,
      cachedTokens: null,
      cost: null,
      costSource: null,
      ttftMs: null,
      durationMs: null,
      errorCode: null,
      errorMessage: null,
    });
    // The shape matches the contract exactly (no missing or extra fields).
    expect(LedgerEntry.strict().parse(entry)).toEqual(entry);
    expect(opened.db.prepare('SELECT params_json, streamed FROM requests WHERE id = ?').get(id)).toEqual({
      params_json: '{"temperature":0.7}',
      streamed: 1,
    });
  });

  it('refuses a request id that is already in the ledger', () => {
    ledger.start({ requestId: 'same', origin: 'playground', modelRequested: 'm' });
    const error = caught(() => ledger.start({ requestId: 'same', origin: 'playground', modelRequested: 'm' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('same');
    expect(ledger.summary().requests).toBe(1);
  });

  it('refuses a conversation that does not exist', () => {
    expect(caught(() => startRequest({ conversationId: 404 })).code).toBe('invalid_input');
  });

  it('never writes an API key found in the parameters', () => {
    const key = 'sk-or-v1-' + 'cd'.repeat(32);
    const id = startRequest({ params: { note: `oops ${key}` } });
    const row = opened.db.prepare('SELECT params_json FROM requests WHERE id = ?').get(id) as { params_json: string };
    expect(row.params_json).not.toContain(key);
    expect(row.params_json).toContain('oops');
  });
});

describe('Ledger.finish', () => {
  it('records the outcome, duration and billed cost of a successful request', () => {
    const id = startRequest({ startedAt: clock - 2_500 });
    const applied = ledger.finish(id, {
      status: 'ok',
      modelUsed: 'openai/gpt-5-2026-08-01',
      provider: 'OpenAI',
      generationId: 'gen-123',
      finishReason: 'stop',
      promptTokens: 12,
      completionTokens: 340,
      reasoningTokens: 100,
      cachedTokens: 0,
      cost: 0.00345678901234567,
      ttftMs: 420,
      endedAt: clock,
    });
    expect(applied).toBe(true);
    expect(ledger.get(id)).toMatchObject({
      status: 'ok',
      endedAt: clock,
      durationMs: 2_500,
      modelUsed: 'openai/gpt-5-2026-08-01',
      provider: 'OpenAI',
      generationId: 'gen-123',
      finishReason: 'stop',
      promptTokens: 12,
      completionTokens: 340,
      reasoningTokens: 100,
      cachedTokens: 0,
      cost: 0.00345678901234567,
      ttftMs: 420,
    });
    expect(opened.db.prepare('SELECT cost_source FROM requests WHERE id = ?').get(id)).toEqual({
      cost_source: 'usage',
    });
  });

  it('records an error without a cost and leaves the cost source empty', () => {
    const id = startRequest();
    clock += 900;
    ledger.finish(id, { status: 'error', errorCode: 'rate_limited', errorMessage: 'Slow down and retry in 10 s.' });
    expect(ledger.get(id)).toMatchObject({
      status: 'error',
      durationMs: 900,
      cost: null,
      errorCode: 'rate_limited',
      errorMessage: 'Slow down and retry in 10 s.',
    });
    expect(opened.db.prepare('SELECT cost_source FROM requests WHERE id = ?').get(id)).toEqual({ cost_source: null });
  });

  it('keeps the first terminal state: a second outcome is ignored', () => {
    const id = startRequest();
    expect(ledger.finish(id, { status: 'cancelled' })).toBe(true);
    expect(ledger.finish(id, { status: 'ok', cost: 1 })).toBe(false);
    expect(ledger.get(id)).toMatchObject({ status: 'cancelled', cost: null });
    expect(ledger.finish(9_999, { status: 'ok' })).toBe(false);
  });

  it('refuses a state that is not an ending', () => {
    const id = startRequest();
    const bad = { status: 'pending' } as unknown as Parameters<Ledger['finish']>[1];
    expect(caught(() => ledger.finish(id, bad)).code).toBe('invalid_input');
    expect(ledger.get(id)?.status).toBe('pending');
  });

  it('removes an API key from an error message', () => {
    const key = 'sk-or-v1-' + 'ef'.repeat(32);
    const id = startRequest();
    ledger.finish(id, { status: 'error', errorMessage: `Bad key ${key} given` });
    expect(ledger.get(id)?.errorMessage).not.toContain(key);
    expect(ledger.get(id)?.errorMessage).toContain('Bad key');
  });
});

describe('Ledger.markInterrupted', () => {
  it('marks every pending request interrupted and leaves finished ones alone', () => {
    const a = startRequest();
    const b = startRequest();
    const done = startRequest();
    ledger.finish(done, { status: 'ok', cost: 0.01 });

    expect(ledger.markInterrupted()).toBe(2);
    for (const id of [a, b]) {
      const entry = ledger.get(id)!;
      expect(entry.status).toBe('interrupted');
      expect(entry.errorCode).toBe('interrupted');
      expect(entry.errorMessage).toMatch(/closed while this request was running/);
    }
    expect(ledger.get(done)?.status).toBe('ok');
    expect(ledger.finish(a, { status: 'ok' })).toBe(false);
    expect(ledger.markInterrupted('again')).toBe(0);
  });

  it('uses the reason given', () => {
    const id = startRequest();
    ledger.markInterrupted('The window was closed.');
    expect(ledger.get(id)?.errorMessage).toBe('The window was closed.');
  });
});

describe('Ledger.list and get', () => {
  it('lists newest first and pages backwards', () => {
    const ids = [1, 2, 3, 4, 5].map(() => startRequest());
    expect(ledger.list({ limit: 2 }).map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect(ledger.list({ limit: 2, beforeId: ids[3] }).map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(ledger.list({ limit: 10, beforeId: ids[0] })).toEqual([]);
    expect(ledger.list({ limit: 100 })).toHaveLength(5);
  });

  it('returns null for an unknown id and refuses a bad page size', () => {
    expect(ledger.get(123)).toBeNull();
    expect(caught(() => ledger.list({ limit: 0 })).code).toBe('invalid_input');
  });
});

describe('Ledger.summary', () => {
  it('totals cost at full precision and counts every status', () => {
    const costs = [0.0000015, 0.0000025, 0.000000123456789];
    for (const cost of costs) ledger.finish(startRequest(), { status: 'ok', cost });
    ledger.finish(startRequest(), { status: 'error', cost: 0.0000001 }); // a failed request can be billed
    startRequest();

    const summary = ledger.summary();
    expect(LedgerSummary.parse(summary)).toEqual(summary);
    expect(summary.totalCost).toBeCloseTo(0.000004223456789, 17);
    expect(summary.requests).toBe(5);
    expect(summary.byStatus).toEqual({ pending: 1, ok: 3, error: 1, cancelled: 0, interrupted: 0 });
  });

  it('is zero for an empty ledger', () => {
    expect(ledger.summary()).toEqual({
      totalCost: 0,
      requests: 0,
      byStatus: { pending: 0, ok: 0, error: 0, cancelled: 0, interrupted: 0 },
    });
  });
});

describe('Ledger.spendByDay', () => {
  function spend(
    at: string,
    cost: number | null,
    promptTokens: number | null = 10,
    completionTokens: number | null = 20,
  ) {
    const startedAt = Date.parse(at);
    const id = startRequest({ startedAt });
    ledger.finish(id, { status: 'ok', cost, promptTokens, completionTokens, endedAt: startedAt + 1_000 });
  }
  const byDay = (days: { day: string; requests: number }[]) => Object.fromEntries(days.map((d) => [d.day, d.requests]));

  it('returns one zero-filled entry per day, oldest first, including today', () => {
    const now = Date.parse('2026-08-25T12:00:00Z');
    spend('2026-08-25T08:00:00Z', 0.0000015, 100, 50);
    spend('2026-08-25T09:00:00Z', 0.0000025, null, 5);
    spend('2026-08-22T09:00:00Z', 0.5);
    spend('2026-08-18T23:59:59Z', 9); // the day before the window
    spend('2026-08-26T00:00:01Z', 9); // tomorrow (a wrong clock); not part of the last 7 days

    const days = ledger.spendByDay({ days: 7, timeZone: 'UTC', now });
    expect(days.map((d) => d.day)).toEqual([
      '2026-08-19',
      '2026-08-20',
      '2026-08-21',
      '2026-08-22',
      '2026-08-23',
      '2026-08-24',
      '2026-08-25',
    ]);
    expect(days[0]).toEqual({ day: '2026-08-19', cost: 0, requests: 0, promptTokens: 0, completionTokens: 0 });
    expect(days[3]).toEqual({ day: '2026-08-22', cost: 0.5, requests: 1, promptTokens: 10, completionTokens: 20 });
    expect(days[6]).toMatchObject({ day: '2026-08-25', requests: 2, promptTokens: 100, completionTokens: 55 });
    expect(days[6]!.cost).toBeCloseTo(0.000004, 17);
  });

  it('counts a request on the local day, not the UTC day', () => {
    const now = Date.parse('2026-06-15T12:00:00Z'); // 21:00 in Tokyo
    spend('2026-06-14T16:00:00Z', 1); // 01:00 on the 15th in Tokyo
    spend('2026-06-12T15:30:00Z', 2); // 00:30 on the 13th in Tokyo
    spend('2026-06-12T14:59:00Z', 4); // 23:59 on the 12th in Tokyo: outside

    const tokyo = ledger.spendByDay({ days: 3, timeZone: 'Asia/Tokyo', now });
    expect(tokyo.map((d) => [d.day, d.cost])).toEqual([
      ['2026-06-13', 2],
      ['2026-06-14', 0],
      ['2026-06-15', 1],
    ]);
    const utc = ledger.spendByDay({ days: 3, timeZone: 'UTC', now });
    expect(utc.map((d) => [d.day, d.cost])).toEqual([
      ['2026-06-13', 0],
      ['2026-06-14', 1],
      ['2026-06-15', 0],
    ]);
    // Late evening in Honolulu is already tomorrow in UTC.
    const honolulu = ledger.spendByDay({ days: 2, timeZone: 'Pacific/Honolulu', now });
    expect(honolulu.map((d) => [d.day, d.cost])).toEqual([
      ['2026-06-14', 1],
      ['2026-06-15', 0],
    ]);
  });

  it('splits days exactly at local midnight in a zone with a 45-minute offset', () => {
    const now = Date.parse('2026-06-15T06:00:00Z');
    spend('2026-06-14T18:14:00Z', 1); // 23:59 in Kathmandu (+05:45)
    spend('2026-06-14T18:15:00Z', 2); // 00:00 on the 15th
    const days = ledger.spendByDay({ days: 2, timeZone: 'Asia/Kathmandu', now });
    expect(days.map((d) => [d.day, d.cost])).toEqual([
      ['2026-06-14', 1],
      ['2026-06-15', 2],
    ]);
  });

  it('follows the clock change when daylight saving time starts', () => {
    // New York springs forward on 2026-03-08 at 02:00 (07:00 UTC): that day has 23 hours.
    const now = Date.parse('2026-03-10T16:00:00Z');
    spend('2026-03-08T04:30:00Z', 1); // 23:30 EST on the 7th
    spend('2026-03-08T05:30:00Z', 1); // 00:30 EST on the 8th
    spend('2026-03-09T03:30:00Z', 1); // 23:30 EDT on the 8th
    spend('2026-03-09T04:30:00Z', 1); // 00:30 EDT on the 9th
    const days = ledger.spendByDay({ days: 5, timeZone: 'America/New_York', now });
    expect(byDay(days)).toEqual({
      '2026-03-06': 0,
      '2026-03-07': 1,
      '2026-03-08': 2,
      '2026-03-09': 1,
      '2026-03-10': 0,
    });
  });

  it('follows the clock change when daylight saving time ends', () => {
    // New York falls back on 2026-11-01 at 02:00 (06:00 UTC): that day has 25 hours.
    const now = Date.parse('2026-11-03T17:00:00Z');
    spend('2026-11-01T03:59:00Z', 1); // 23:59 EDT on Oct 31
    spend('2026-11-01T04:00:00Z', 1); // 00:00 EDT on Nov 1
    spend('2026-11-02T04:30:00Z', 1); // 23:30 EST on Nov 1
    spend('2026-11-02T05:00:00Z', 1); // 00:00 EST on Nov 2
    const days = ledger.spendByDay({ days: 4, timeZone: 'America/New_York', now });
    expect(byDay(days)).toEqual({ '2026-10-31': 1, '2026-11-01': 2, '2026-11-02': 1, '2026-11-03': 0 });
  });

  it('refuses a time zone that does not exist', () => {
    const error = caught(() => ledger.spendByDay({ days: 7, timeZone: 'Mars/Olympus_Mons' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('Mars/Olympus_Mons');
    expect(error.message).toMatch(/time zone/);
  });

  it('refuses a number of days that is not a whole positive number', () => {
    expect(caught(() => ledger.spendByDay({ days: 0, timeZone: 'UTC' })).code).toBe('invalid_input');
    expect(caught(() => ledger.spendByDay({ days: 1.5, timeZone: 'UTC' })).code).toBe('invalid_input');
  });
});

describe('Ledger on disk', () => {
  it('keeps every row across a restart, and marks a request cut off by a crash as interrupted', () => {
    const done = startRequest({ startedAt: clock - 1_000 });
    ledger.finish(done, { status: 'ok', cost: 0.000123456789, promptTokens: 5, completionTokens: 7 });
    const cutOff = startRequest();
    // Simulates a crash: the process goes away without finishing the second request.
    opened.db.close();

    reopen();
    expect(ledger.list({ limit: 10 }).map((e) => [e.id, e.status])).toEqual([
      [cutOff, 'pending'],
      [done, 'ok'],
    ]);
    expect(ledger.get(done)?.cost).toBe(0.000123456789);
    expect(ledger.markInterrupted()).toBe(1);

    reopen();
    expect(ledger.get(cutOff)?.status).toBe('interrupted');
    expect(ledger.summary()).toMatchObject({ requests: 2, totalCost: 0.000123456789 });
  });
});

describe('Ledger.reconcile', () => {
  it('fills in the billed cost of a stopped request once, and never replaces a cost from the usage chunk', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../store/database');
    const dir = mkdtempSync(join(tmpdir(), 'routerdesk-reconcile-'));
    const { db } = openDatabase(join(dir, 'r.db'));
    try {
      const l = new Ledger(db, () => 1_000);
      const billed = {
        cost: 0.00042,
        promptTokens: 12,
        completionTokens: 20,
        reasoningTokens: 0,
        cachedTokens: 0,
        modelUsed: 'm/used',
        provider: 'P',
      };
      const stopped = l.start({ requestId: 'a', origin: 'playground', modelRequested: 'm' });
      expect(l.reconcile(stopped, billed)).toBe(false); // still pending: nothing to fill in yet
      l.finish(stopped, { status: 'cancelled', endedAt: 2_000 });
      expect(l.reconcile(stopped, billed)).toBe(true);
      expect(l.get(stopped)).toMatchObject({
        status: 'cancelled',
        cost: 0.00042,
        costSource: 'generation',
        completionTokens: 20,
        modelUsed: 'm/used',
      });
      expect(l.reconcile(stopped, { ...billed, cost: 1 })).toBe(false);

      const done = l.start({ requestId: 'b', origin: 'playground', modelRequested: 'm' });
      l.finish(done, { status: 'ok', cost: 0.001, completionTokens: 5, endedAt: 2_000 });
      expect(l.reconcile(done, billed)).toBe(false);
      expect(l.get(done)).toMatchObject({ cost: 0.001, costSource: 'usage', completionTokens: 5 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Ledger estimates', () => {
  const billed = {
    cost: 0.0005,
    promptTokens: 10,
    completionTokens: 30,
    reasoningTokens: 0,
    cachedTokens: 0,
    modelUsed: 'm/used',
    provider: 'P',
  };

  it('stores an estimate only for a finished request without a cost, and a billed figure replaces it', () => {
    const id = ledger.start({ requestId: 'est', origin: 'playground', modelRequested: 'm' });
    expect(ledger.estimate(id, 0.0004)).toBe(false); // still pending
    ledger.finish(id, { status: 'ok', promptTokens: 10, completionTokens: 30, endedAt: clock });
    expect(ledger.estimate(id, 0.0004)).toBe(true);
    expect(ledger.get(id)).toMatchObject({ cost: 0.0004, costSource: 'estimate' });
    expect(ledger.estimate(id, 0.9)).toBe(false); // one estimate; it is not re-estimated
    expect(ledger.reconcile(id, billed)).toBe(true);
    expect(ledger.get(id)).toMatchObject({ cost: 0.0005, costSource: 'generation', completionTokens: 30 });
    expect(ledger.estimate(id, 0.0004)).toBe(false); // and never over a billed figure

    const fromUsage = ledger.start({ requestId: 'usage', origin: 'playground', modelRequested: 'm' });
    ledger.finish(fromUsage, { status: 'ok', cost: 0.001, endedAt: clock });
    expect(ledger.estimate(fromUsage, 0.5)).toBe(false);
    expect(ledger.get(fromUsage)).toMatchObject({ cost: 0.001, costSource: 'usage' });
    expect(caught(() => ledger.estimate(id, -1)).code).toBe('invalid_input');
  });

  it('offers every finished request with a generation id and no billed cost to /generation, estimates too', () => {
    const make = (requestId: string, outcome: Parameters<Ledger['finish']>[1] | null, generationId: string | null) => {
      const id = ledger.start({ requestId, origin: 'playground', modelRequested: 'm', startedAt: clock });
      if (generationId) ledger.noteGeneration(id, generationId);
      if (outcome) ledger.finish(id, { ...outcome, generationId });
      return id;
    };
    const noCost = make('ok-no-cost', { status: 'ok' }, 'gen-1');
    const estimated = make('estimated', { status: 'ok' }, 'gen-2');
    ledger.estimate(estimated, 0.0001);
    const stopped = make('stopped', { status: 'cancelled' }, 'gen-3');
    make('billed', { status: 'ok', cost: 0.01 }, 'gen-4');
    make('running', null, 'gen-5');
    make('refused', { status: 'error', errorCode: 'unauthorized' }, null);
    const ids = ledger.unbilled({ since: clock - 1, limit: 10 }).map((r) => r.id);
    expect(ids.sort()).toEqual([noCost, estimated, stopped].sort());
  });
});

describe('Ledger shared by two processes on one database file', () => {
  const appOwner = 'desk/1111/1700000000000';
  const webOwner = 'desk/2222/1700000005000';
  let other: OpenedDatabase;
  let app: Ledger;
  let web: Ledger;

  // Two connections to the same file, as the desktop app and `npm run web` have.
  beforeEach(() => {
    app = new Ledger(opened.db, () => clock, { owner: appOwner });
    other = openDatabase(file);
    web = new Ledger(other.db, () => clock, { owner: webOwner });
  });
  afterEach(() => {
    if (other.db.open) other.db.close();
  });

  function startOn(l: Ledger): number {
    seq += 1;
    return l.start({ requestId: `shared-${seq}`, origin: 'playground', modelRequested: 'openai/gpt-5' });
  }
  function owners(): unknown[] {
    return opened.db.prepare('SELECT id, owner, status FROM requests ORDER BY id').all();
  }

  it('records which process started each request', () => {
    const a = startOn(app);
    const w = startOn(web);
    const legacy = startRequest(); // a ledger built without an owner
    expect(owners()).toEqual([
      { id: a, owner: appOwner, status: 'pending' },
      { id: w, owner: webOwner, status: 'pending' },
      { id: legacy, owner: null, status: 'pending' },
    ]);
  });

  it('leaves a live process its pending request at startup, so it still records the result and cost', () => {
    const streaming = startOn(app);
    const asked: string[] = [];

    const recovered = web.recoverAbandoned((owner) => {
      asked.push(owner);
      return owner === appOwner;
    });

    expect(recovered).toBe(0);
    expect(asked).toEqual([appOwner]);
    expect(web.get(streaming)?.status).toBe('pending');
    expect(
      app.finish(streaming, { status: 'ok', cost: 0.00012345678901234, promptTokens: 3, completionTokens: 9 }),
    ).toBe(true);
    expect(web.get(streaming)).toMatchObject({ status: 'ok', cost: 0.00012345678901234, completionTokens: 9 });
  });

  it('marks the pending requests of a process that is gone as interrupted', () => {
    const cutOff = startOn(app);
    const done = startOn(app);
    app.finish(done, { status: 'ok', cost: 0.5 });
    expect(web.recoverAbandoned(() => true)).toBe(0); // still running: left alone
    opened.db.close(); // then the desktop app crashed

    expect(web.recoverAbandoned(() => false, 'The desktop app stopped while this request was running.')).toBe(1);
    expect(web.get(cutOff)).toMatchObject({
      status: 'interrupted',
      errorCode: 'interrupted',
      errorMessage: 'The desktop app stopped while this request was running.',
    });
    expect(web.get(done)).toMatchObject({ status: 'ok', cost: 0.5 });
  });

  it('recovers legacy rows without an owner, asking about each live-looking owner once', () => {
    const legacy = startRequest();
    const a1 = startOn(app);
    const a2 = startOn(app);
    const gone = new Ledger(opened.db, () => clock, { owner: 'desk/3333/1690000000000' });
    const g1 = startOn(gone);
    const g2 = startOn(gone);
    const asked: string[] = [];

    const recovered = web.recoverAbandoned((owner) => {
      asked.push(owner);
      return owner === appOwner;
    });

    expect(recovered).toBe(3);
    expect(asked.sort()).toEqual([appOwner, 'desk/3333/1690000000000']);
    expect(Object.fromEntries([legacy, a1, a2, g1, g2].map((id) => [id, web.get(id)?.status]))).toEqual({
      [legacy]: 'interrupted',
      [a1]: 'pending',
      [a2]: 'pending',
      [g1]: 'interrupted',
      [g2]: 'interrupted',
    });
  });

  it('never interrupts its own pending requests at startup recovery', () => {
    const mine = startOn(web);
    const asked: string[] = [];
    const recovered = web.recoverAbandoned((owner) => {
      asked.push(owner);
      return false;
    });
    expect(recovered).toBe(0);
    expect(asked).toEqual([]);
    expect(web.get(mine)?.status).toBe('pending');
  });

  it('at shutdown marks only its own pending requests, leaving the other process streaming', () => {
    const streaming = startOn(app);
    const mine = startOn(web);
    const legacy = startRequest();

    expect(web.markInterrupted('The web host was stopped.')).toBe(1);

    expect(web.get(mine)).toMatchObject({ status: 'interrupted', errorMessage: 'The web host was stopped.' });
    expect(web.get(streaming)?.status).toBe('pending');
    expect(web.get(legacy)?.status).toBe('pending');
    expect(app.finish(streaming, { status: 'ok', cost: 0.002 })).toBe(true);
    expect(app.get(streaming)).toMatchObject({ status: 'ok', cost: 0.002 });
  });

  it('changes nothing when the liveness check fails', () => {
    const a = startOn(app);
    const legacy = startRequest();
    expect(() =>
      web.recoverAbandoned(() => {
        throw new Error('cannot check');
      }),
    ).toThrow('cannot check');
    expect([web.get(a)?.status, web.get(legacy)?.status]).toEqual(['pending', 'pending']);
  });

  it('refuses an empty owner name', () => {
    expect(caught(() => new Ledger(opened.db, () => clock, { owner: ' ' })).code).toBe('internal');
  });
});
