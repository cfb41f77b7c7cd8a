/**
 * The core end to end over loopback: real SQLite file, the fake OpenRouter, the contract's
 * dispatcher. The keychain is an in-memory backend here (the real one is tested in secrets/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from '../../fake-openrouter/server';
import { createCore, isOwnerAlive, ledgerOwner, type Core } from './app';
import type { CallContext } from './rpc';
import { broadcasts as broadcastsOf, memoryBackend, recorder } from './test-support';

const FREE_MODEL = 'liquid/lfm-2.5-2.6b:free';
const PAID_MODEL = 'anthropic/claude-sonnet-4.5';

let fake: FakeOpenRouter;
let dataDir: string;
let core: Core;
let backend: ReturnType<typeof memoryBackend>;

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 50 });
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'routerdesk-core-'));
  backend = memoryBackend();
  core = await createCore({
    dataDir,
    shell: 'web',
    appVersion: '0.0.0-test',
    env: { OPENROUTER_BASE_URL: fake.baseUrl },
    secrets: backend,
    reconcileDelaysMs: [60, 100, 200, 400],
    chatIdleTimeoutMs: 400,
  });
});
afterEach(async () => {
  await core.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(name: string, input: unknown, ctx: CallContext = recorder()) {
  return core.dispatch(name, input, ctx);
}
async function ok(name: string, input: unknown = {}, ctx?: CallContext): Promise<any> {
  const result = await call(name, input, ctx);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('contract boundary', () => {
  it('refuses unknown calls and inputs that fail their schema, before any handler runs', async () => {
    expect(await call('key.read', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    const bad = await call('chat.start', { requestId: 'nope', model: 'x', messages: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const extra = await call('key.status', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('API key', () => {
  it('verifies a key with OpenRouter before storing it, and never hands it back', async () => {
    const key = fakeKey('valid', 7);
    const status = await ok('key.set', { key: `  ${key}\n` });
    expect(status).toMatchObject({ set: true, source: 'keychain', last4: key.slice(-4), unverified: false });
    expect(backend.value).toBe(key);
    expect(JSON.stringify(status)).not.toContain(key.slice(0, 20));
    const keyCalls = fake.requests.filter((r) => r.path.startsWith('/api/v1/key'));
    expect(keyCalls.at(-1)?.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('refuses a revoked key with a clear message and stores nothing', async () => {
    const result = await call('key.set', { key: fakeKey('revoked', 3) });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    if (!result.ok) expect(result.error.message).toMatch(/openrouter\.ai\/settings\/keys/);
    expect(backend.value).toBeNull();
  });

  it('refuses a malformed key without asking OpenRouter', async () => {
    const before = fake.requests.length;
    const result = await call('key.set', { key: 'sk-proj-123' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_key_format' } });
    expect(fake.requests.length).toBe(before);
  });

  it('offers to store anyway when OpenRouter is unreachable, and marks the key unverified', async () => {
    await core.shutdown();
    core = await createCore({
      dataDir,
      shell: 'web',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1' },
      secrets: backend,
    });
    const key = fakeKey('valid', 9);
    const refused = await call('key.set', { key });
    expect(refused).toMatchObject({ ok: false, error: { code: 'network' } });
    if (!refused.ok) expect(refused.error.message).toContain('Store anyway');
    expect(backend.value).toBeNull();
    const stored = await ok('key.set', { key, storeWithoutVerifying: true });
    expect(stored).toMatchObject({ set: true, unverified: true });
    expect(backend.value).toBe(key);
  });

  it('shows the account: key limits, usage and credits', async () => {
    await ok('key.set', { key: fakeKey('valid', 11) });
    const account = await ok('account.get');
    expect(account.key.label).toMatch(/^sk-or-v1-/);
    expect(account.credits === null ? account.creditsNote : account.credits.totalCredits).toBeTruthy();
  });

  it('a request with no key set gets no_key and no ledger row', async () => {
    const result = await call('chat.start', {
      requestId: crypto.randomUUID(),
      model: FREE_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'no_key' } });
    expect(await ok('ledger.list', {})).toEqual([]);
  });
});

describe('catalog', () => {
  it('lists every model of the real snapshot with prices, and keeps a snapshot for offline use', async () => {
    const catalog = await ok('catalog.list', {});
    expect(catalog.source).toBe('network');
    expect(catalog.models.length).toBe(414);
    const sonnet = catalog.models.find((m: { id: string }) => m.id === PAID_MODEL);
    expect(sonnet.pricing.prompt).toBeCloseTo(0.000003, 12);
    expect(sonnet.pricing.completion).toBeCloseTo(0.000015, 12);
    const auto = catalog.models.find((m: { id: string }) => m.id === 'openrouter/auto');
    expect(auto?.pricing.variable).toBe(true);

    // Next launch, OpenRouter unreachable: the stored snapshot is served, saying why.
    await core.shutdown();
    core = await createCore({
      dataDir,
      shell: 'web',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1' },
      secrets: backend,
    });
    const offline = await ok('catalog.list', {});
    expect(offline.source).toBe('cache');
    expect(offline.models.length).toBe(414);
    expect(offline.staleReason).toMatch(/Couldn't reach OpenRouter/);
  });

  it('lists per-provider endpoints of a model', async () => {
    const endpoints = await ok('catalog.endpoints', { modelId: 'moonshotai/kimi-k3' });
    expect(endpoints.length).toBeGreaterThan(0);
    expect(endpoints[0]).toMatchObject({ providerName: 'Fireworks', tag: 'fireworks' });
    expect(endpoints[0].latencyP50Ms).toBe(2687);
  });
});

describe('chat streaming and the ledger', () => {
  beforeEach(async () => {
    await ok('key.set', { key: fakeKey('valid', 21) });
  });

  it('streams coalesced deltas, ends with exactly one done event, and writes the billed cost to the ledger', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        messages: [{ role: 'user', content: 'Tell me about tea [[fake:tokens=40]] [[fake:rate=400]]' }],
      },
      ctx,
    );
    expect(started).toEqual({ requestId, ledgerId: started.ledgerId, userMessageId: null, assistantMessageId: null });
    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.done');
    expect(end.payload.messageId).toBeNull();
    const deltas = ctx.events
      .filter((e) => e.name === 'chat.delta')
      .map((e) => (e.payload as { content: string }).content);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(40); // coalesced, not one message per token
    expect(deltas.join('').trim().length).toBeGreaterThan(0);
    const terminals = ctx.events.filter((e) => e.name === 'chat.done' || e.name === 'chat.error');
    expect(terminals).toHaveLength(1);

    const done = end.payload;
    expect(done.usage.completionTokens).toBe(40);
    expect(done.usage.cost).toBeCloseTo(done.usage.promptTokens * 0.000003 + 40 * 0.000015, 12);
    expect(done.provider).toBeTruthy();
    expect(done.generationId).toMatch(/^gen-/);

    const [row] = await ok('ledger.list', { limit: 5 });
    expect(row).toMatchObject({
      requestId,
      status: 'ok',
      modelRequested: PAID_MODEL,
      finishReason: 'stop',
      completionTokens: 40,
      generationId: done.generationId,
    });
    expect(row.cost).toBe(done.usage.cost);
    expect(row.modelUsed).toBeTruthy();
    expect(row.ttftMs).not.toBeNull();
  });

  it('introduces itself to OpenRouter with the attribution headers on chat and REST calls', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, messages: [{ role: 'user', content: 'hi [[fake:rate=0]]' }] },
      ctx,
    );
    await ctx.terminal(requestId);
    const chat = fake.requests.filter((r) => r.path.startsWith('/api/v1/chat/completions')).at(-1)!;
    const keyCheck = fake.requests.filter((r) => r.path.startsWith('/api/v1/key')).at(-1)!;
    for (const req of [chat, keyCheck]) {
      expect(req.headers['http-referer']).toMatch(/^https:\/\//);
      expect(req.headers['x-title']).toBe('RouterDesk');
    }
    expect(chat.body).toMatchObject({ model: PAID_MODEL, stream: true });
  });

  it('stops a stream on request: one cancelled event, ledger row cancelled, nothing more streamed', async () => {
    const ctx = recorder();
    const windows = broadcastsOf(core);
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        messages: [{ role: 'user', content: 'long [[fake:tokens=2000]] [[fake:rate=50]]' }],
      },
      ctx,
    );
    await expect.poll(() => ctx.events.some((e) => e.name === 'chat.delta'), { timeout: 5000 }).toBe(true);
    expect(await ok('chat.cancel', { requestId })).toEqual({ cancelled: true });
    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.error');
    expect(end.payload.error.code).toBe('cancelled');
    const chatEvents = () => ctx.events.filter((e) => e.name.startsWith('chat.')).length;
    const count = chatEvents();
    await new Promise((r) => setTimeout(r, 150));
    expect(chatEvents()).toBe(count);
    const [row] = await ok('ledger.list', {});
    expect(row).toMatchObject({ requestId, status: 'cancelled' });
    expect(end.payload.usage).toBeNull(); // the stream never reached its usage chunk

    // What was generated before the stop is billed; the cost arrives from /generation later, and
    // every window hears of it (not only the one that sent the request).
    await expect.poll(() => windows.seen.some((e) => e.name === 'ledger.changed'), { timeout: 5000 }).toBe(true);
    expect(ctx.events.some((e) => e.name === 'ledger.changed')).toBe(false);
    const [reconciled] = await ok('ledger.list', {});
    // The event carries the row as it is now, so the window needs no second call.
    const changedEvent = windows.seen.find((e) => e.name === 'ledger.changed')!;
    expect(changedEvent.payload).toEqual({ entry: reconciled });
    windows.stop();
    expect(reconciled.status).toBe('cancelled');
    expect(reconciled.costSource).toBe('generation');
    expect(reconciled.completionTokens).toBeGreaterThan(0);
    expect(reconciled.completionTokens).toBeLessThan(2000);
    expect(reconciled.cost).toBeCloseTo(
      reconciled.promptTokens * 0.000003 + reconciled.completionTokens * 0.000015,
      12,
    );
  });

  it('a mid-stream error chunk under HTTP 200 becomes a clear error and a ledger row', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        messages: [{ role: 'user', content: 'x [[fake:midstream-error=502]] [[fake:rate=0]]' }],
      },
      ctx,
    );
    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.error');
    expect(end.payload.error.code).toBe('provider_error');
    expect(end.payload.error.message).toMatch(/stopped part-way/);
    const [row] = await ok('ledger.list', {});
    expect(row).toMatchObject({ requestId, status: 'error', errorCode: 'provider_error' });
  });

  it.each([
    [401, 'unauthorized', /Settings/],
    [402, 'payment_required', /credits/],
    [429, 'rate_limited', /Wait/],
    [503, 'provider_error', /another model/],
  ])('HTTP %i before the first token → %s with a message that says what to do', async (status, code, hint) => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, messages: [{ role: 'user', content: `x [[fake:error=${status}]]` }] },
      ctx,
    );
    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.error');
    expect(end.payload.error).toMatchObject({ code, status });
    expect(end.payload.error.message).toMatch(hint);
    const [row] = await ok('ledger.list', {});
    expect(row).toMatchObject({ requestId, status: 'error', errorCode: code });
  });

  it.each([
    ['cutoff', 'network', /cut off/],
    ['drop', 'network', /broke part-way/],
    ['stall', 'timeout', /sent nothing for/],
  ])(
    'a stream that is %s mid-answer ends as a clear error, never as a complete answer',
    async (fault, code, message) => {
      const ctx = recorder();
      const requestId = crypto.randomUUID();
      await ok(
        'chat.start',
        {
          requestId,
          model: PAID_MODEL,
          messages: [{ role: 'user', content: `x [[fake:tokens=40]] [[fake:${fault}=5]] [[fake:rate=100]]` }],
        },
        ctx,
      );
      const end = await ctx.terminal(requestId);
      expect(end.name).toBe('chat.error');
      expect(end.payload.error.code).toBe(code);
      expect(end.payload.error.message).toMatch(message);
      const text = ctx.events
        .filter((e) => e.name === 'chat.delta')
        .map((e) => (e.payload as { content: string }).content)
        .join('');
      expect(text.length).toBeGreaterThan(0); // what arrived was delivered
      const [row] = await ok('ledger.list', {});
      expect(row).toMatchObject({ requestId, status: 'error', errorCode: code });
      expect(row.generationId).toMatch(/^gen-/);
    },
  );

  it('a request stopped before its first token still gets its generation id, from the headers', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, messages: [{ role: 'user', content: 'x [[fake:stall=0]]' }] },
      ctx,
    );
    await expect.poll(() => fake.requests.some((r) => r.path.startsWith('/api/v1/chat')), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await ok('chat.cancel', { requestId });
    const end = await ctx.terminal(requestId);
    expect(end.payload.error.code).toBe('cancelled');
    const [row] = await ok('ledger.list', {});
    expect(row.generationId).toMatch(/^gen-/);
  });

  it('closing the window or socket aborts its streams', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        messages: [{ role: 'user', content: 'x [[fake:tokens=2000]] [[fake:rate=50]]' }],
      },
      ctx,
    );
    await expect.poll(() => ctx.events.some((e) => e.name === 'chat.delta'), { timeout: 5000 }).toBe(true);
    ctx.close();
    await expect.poll(async () => (await ok('ledger.list', {}))[0].status, { timeout: 5000 }).toBe('cancelled');
  });

  it('shutdown marks in-flight requests interrupted and keeps every finished row', async () => {
    const ctx = recorder();
    const first = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId: first, model: FREE_MODEL, messages: [{ role: 'user', content: 'quick [[fake:rate=0]]' }] },
      ctx,
    );
    await ctx.terminal(first);
    const second = crypto.randomUUID();
    await ok(
      'chat.start',
      {
        requestId: second,
        model: PAID_MODEL,
        messages: [{ role: 'user', content: 'x [[fake:tokens=2000]] [[fake:rate=20]]' }],
      },
      ctx,
    );
    await expect
      .poll(
        () =>
          ctx.events.some((e) => e.name === 'chat.delta' && (e.payload as { requestId: string }).requestId === second),
        { timeout: 5000 },
      )
      .toBe(true);
    await core.shutdown();

    core = await createCore({
      dataDir,
      shell: 'web',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: fake.baseUrl },
      secrets: backend,
      reconcileDelaysMs: [60, 100, 200, 400],
    });
    const rows = await ok('ledger.list', {});
    expect(rows.map((r: { requestId: string; status: string }) => [r.requestId, r.status])).toEqual([
      [second, 'interrupted'],
      [first, 'ok'],
    ]);
    // The interrupted request was billed for what it generated; the next start looks that up.
    expect(rows[0].generationId).toMatch(/^gen-/);
    await expect.poll(async () => (await ok('ledger.list', {}))[0].costSource, { timeout: 5000 }).toBe('generation');
  });

  it('a second RouterDesk on the same data directory leaves the running request of the first alone', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, messages: [{ role: 'user', content: 'x [[fake:tokens=30]] [[fake:rate=60]]' }] },
      ctx,
    );
    await expect.poll(() => ctx.events.some((e) => e.name === 'chat.delta'), { timeout: 5000 }).toBe(true);

    const second = await createCore({
      dataDir,
      shell: 'electron',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: fake.baseUrl },
      secrets: backend,
    });
    await second.shutdown();

    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.done');
    const [row] = await ok('ledger.list', {});
    expect(row).toMatchObject({ requestId, status: 'ok' });
    expect(row.cost).toBeGreaterThan(0);
  });

  it('sums spend per local day and in total', async () => {
    const ctx = recorder();
    for (let i = 0; i < 3; i++) {
      const requestId = crypto.randomUUID();
      await ok(
        'chat.start',
        {
          requestId,
          model: PAID_MODEL,
          messages: [{ role: 'user', content: `q${i} [[fake:tokens=10]] [[fake:rate=0]]` }],
        },
        ctx,
      );
      await ctx.terminal(requestId);
    }
    const rows = await ok('ledger.list', {});
    const total = rows.reduce((s: number, r: { cost: number }) => s + r.cost, 0);
    const summary = await ok('ledger.summary');
    expect(summary.requests).toBe(3);
    expect(summary.totalCost).toBeCloseTo(total, 15);
    const days = await ok('ledger.spendByDay', { days: 7, timeZone: 'Pacific/Auckland' });
    expect(days).toHaveLength(7);
    expect(days.reduce((s: number, d: { cost: number }) => s + d.cost, 0)).toBeCloseTo(total, 15);
  });
});

describe('conversations', () => {
  const broadcasts = () => broadcastsOf(core);

  it('creates, renames, lists, exports and imports over the contract, telling every window', async () => {
    const a = broadcasts();
    const b = broadcasts();
    const created = await ok('conversations.create', { title: 'Tea', settings: { model: PAID_MODEL } });
    expect(created).toMatchObject({ title: 'Tea', titleSource: 'user', model: PAID_MODEL, messageCount: 0 });
    const renamed = await ok('conversations.update', { id: created.id, title: 'Green tea', pinned: true });
    expect(renamed).toMatchObject({ title: 'Green tea', pinned: true });
    for (const { seen } of [a, b]) {
      expect(seen).toEqual([
        { name: 'conversations.changed', payload: { conversationId: created.id, summary: created } },
        { name: 'conversations.changed', payload: { conversationId: created.id, summary: renamed } },
      ]);
    }
    b.stop();

    expect(await ok('conversations.list')).toEqual([renamed]);
    expect(await ok('conversations.get', { id: created.id })).toMatchObject({
      id: created.id,
      settings: { model: PAID_MODEL, params: {}, systemPrompt: '' },
      messages: [],
      activeLeafId: null,
    });
    expect(await ok('conversations.search', { query: '  ' })).toEqual([]);

    const exported = await ok('conversations.export', { id: created.id, format: 'json' });
    expect(exported.filename).toBe('Green tea.json');
    const imported = await ok('conversations.import', { content: exported.content });
    expect(imported.title).toBe('Green tea (imported)');
    expect(a.seen.at(-1)).toEqual({
      name: 'conversations.changed',
      payload: { conversationId: imported.id, summary: imported },
    });
    expect(b.seen).toHaveLength(2);
    a.stop();
  });

  it('moves a conversation to the bin and back, with a null summary while it is there', async () => {
    const { seen, stop } = broadcasts();
    const conv = await ok('conversations.create', {});
    expect(await ok('conversations.delete', { id: conv.id })).toEqual({ deleted: true });
    expect(seen.at(-1)).toEqual({ name: 'conversations.changed', payload: { conversationId: conv.id, summary: null } });
    expect(await ok('conversations.list')).toEqual([]);
    expect(await call('conversations.get', { id: conv.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Deleting twice changes nothing, and tells nobody.
    const count = seen.length;
    expect(await ok('conversations.delete', { id: conv.id })).toEqual({ deleted: false });
    expect(seen).toHaveLength(count);

    const restored = await ok('conversations.restore', { id: conv.id });
    expect(restored.id).toBe(conv.id);
    expect(seen.at(-1)).toEqual({
      name: 'conversations.changed',
      payload: { conversationId: conv.id, summary: restored },
    });
    stop();
  });

  it('refuses a broken import with a clear message and announces nothing', async () => {
    const { seen, stop } = broadcasts();
    const result = await call('conversations.import', { content: '{"format":"something-else"}' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toMatch(/not a RouterDesk conversation export.*Nothing was changed\./);
    expect(seen).toEqual([]);
    expect(await ok('conversations.list')).toEqual([]);
    stop();
  });

  it('at start, purges what was binned over a day ago and ends answers a crash left streaming', async () => {
    const old = await ok('conversations.create', { title: 'old' });
    const recent = await ok('conversations.create', { title: 'recent' });
    await ok('conversations.delete', { id: old.id });
    await ok('conversations.delete', { id: recent.id });
    await core.shutdown();

    // Written as a crashed session would leave them: binned 2 days and 1 hour ago, an answer mid-stream.
    const { openDatabase } = await import('./store/database');
    const { ConversationStore } = await import('./conversations/conversation-store');
    const raw = openDatabase(join(dataDir, 'routerdesk.db')).db;
    raw.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ?').run(Date.now() - 2 * 86_400_000, old.id);
    raw.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ?').run(Date.now() - 3_600_000, recent.id);
    const store = new ConversationStore(raw);
    const live = store.create({ title: 'live' });
    const q = store.addMessage(live.id, { parentId: null, role: 'user', content: 'hi' });
    const answer = store.addMessage(live.id, {
      parentId: q.id,
      role: 'assistant',
      content: 'Hel',
      status: 'streaming',
    });
    raw.close();

    core = await createCore({
      dataDir,
      shell: 'web',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: fake.baseUrl },
      secrets: backend,
    });
    const restoredOld = await call('conversations.restore', { id: old.id });
    expect(restoredOld).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok('conversations.restore', { id: recent.id })).toMatchObject({ title: 'recent' });
    const conv = await ok('conversations.get', { id: live.id });
    expect(conv.messages.find((m: { id: number }) => m.id === answer.id)).toMatchObject({
      status: 'interrupted',
      content: 'Hel',
      error: { code: 'interrupted' },
    });
  });
});

describe('the API key stays out of the data directory', () => {
  it('no file RouterDesk writes (database, WAL, backups) contains the key after a full session', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const key = fakeKey('valid', 55);
    await ok('key.set', { key });
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, messages: [{ role: 'user', content: 'hi [[fake:rate=0]]' }] },
      ctx,
    );
    await ctx.terminal(requestId);
    await ok('catalog.list', {});
    await ok('account.get');
    const failing = crypto.randomUUID();
    await ok(
      'chat.start',
      { requestId: failing, model: PAID_MODEL, messages: [{ role: 'user', content: 'x [[fake:error=401]]' }] },
      ctx,
    );
    await ctx.terminal(failing);
    await core.shutdown();
    const files = readdirSync(dataDir);
    expect(files).toContain('routerdesk.db');
    for (const file of files) {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.includes(Buffer.from(key)), file).toBe(false);
      expect(bytes.includes(Buffer.from(key.slice(9, 41))), file).toBe(false);
    }
  });
});

describe('settings', () => {
  it('refuses a base URL where a server answers but not as the OpenRouter API', async () => {
    const root = fake.baseUrl.replace(/\/api\/v1$/, '');
    const refused = await call('settings.update', { baseUrl: root });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!refused.ok) expect(refused.error.message).toContain('/api/v1');
    expect(await ok('settings.update', { baseUrl: `${fake.baseUrl}/` })).toMatchObject({ baseUrl: fake.baseUrl });
  });

  it('keeps every setting across restarts; the environment base URL still wins', async () => {
    expect(await ok('settings.get')).toEqual({
      baseUrl: '',
      theme: 'system',
      sendKey: 'enter',
      defaultModel: '',
      titleModel: 'openai/gpt-5-nano',
      welcomed: false,
    });
    // An unreachable server cannot be checked, and is saved: the user may be offline.
    await ok('settings.update', { theme: 'dark', baseUrl: 'https://127.0.0.1:9/api/v1/' });
    // '' turns automatic titles off, and must not fall back to the default model.
    await ok('settings.update', { sendKey: 'mod-enter', defaultModel: PAID_MODEL, titleModel: '', welcomed: true });
    const bad = await call('settings.update', { baseUrl: 'ftp://nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.shutdown();
    core = await createCore({
      dataDir,
      shell: 'web',
      appVersion: '0',
      env: { OPENROUTER_BASE_URL: fake.baseUrl },
      secrets: backend,
    });
    expect(await ok('settings.get')).toEqual({
      theme: 'dark',
      baseUrl: 'https://127.0.0.1:9/api/v1',
      sendKey: 'mod-enter',
      defaultModel: PAID_MODEL,
      titleModel: '',
      welcomed: true,
    });
    const info = await ok('app.info');
    expect(info).toMatchObject({ baseUrl: fake.baseUrl, baseUrlSource: 'environment', shell: 'web' });
  });
});

describe('request ownership', () => {
  it('tells a running process from one that is gone', async () => {
    const { spawnSync } = await import('node:child_process');
    expect(isOwnerAlive(ledgerOwner(1, 'this-host', process.pid), 'this-host')).toBe(true);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(isOwnerAlive(ledgerOwner(1, 'this-host', gone), 'this-host')).toBe(false);
    // Another machine's process cannot be checked from here: its requests are left alone.
    expect(isOwnerAlive(ledgerOwner(1, 'other-host', gone), 'this-host')).toBe(true);
    expect(isOwnerAlive('garbage', 'this-host')).toBe(true);
    expect(isOwnerAlive('this-host/not-a-pid/1', 'this-host')).toBe(false);
  });
});
