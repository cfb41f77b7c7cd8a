/**
 * chat.start in stored conversations, end to end: real SQLite file, the fake OpenRouter on
 * 127.0.0.1, the contract's dispatcher, and the broadcasts every window gets.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTree, siblingsOf } from '@shared/conversations';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from '../../fake-openrouter/server';
import { createCore, type Core, type CoreOptions } from './app';
import type { CallContext } from './rpc';
import { broadcasts, memoryBackend, recorder, type Json, type Recorder } from './test-support';

const PAID_MODEL = 'anthropic/claude-sonnet-4.5';
const PAID_USED = 'anthropic/claude-4.5-sonnet-20250929';
const PROMPT_PRICE = 0.000003;
const COMPLETION_PRICE = 0.000015;
const GEMINI = 'google/gemini-3-flash-preview';
const FREE_MODEL = 'liquid/lfm-2.5-2.6b:free';

let fake: FakeOpenRouter;
let dataDir: string;
let core: Core;
let backend: ReturnType<typeof memoryBackend>;
let logs: string[];
const key = fakeKey('valid', 41);

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 50 });
});
afterAll(async () => {
  await fake.close();
});

function options(extra: Partial<CoreOptions> = {}): CoreOptions {
  return {
    dataDir,
    shell: 'web',
    appVersion: '0.0.0-test',
    env: { OPENROUTER_BASE_URL: fake.baseUrl },
    secrets: backend,
    reconcileDelaysMs: [60, 100, 200, 400],
    chatIdleTimeoutMs: 400,
    chatSaveEveryMs: 100,
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...extra,
  };
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'routerdesk-threads-'));
  backend = memoryBackend();
  logs = [];
  core = await createCore(options());
  await ok('key.set', { key });
  // Titles make requests of their own; the tests about them turn them back on.
  await ok('settings.update', { titleModel: '' });
});

afterEach(async () => {
  await core.shutdown();
  // Whatever happened, the key is in no file RouterDesk wrote and in no log line.
  for (const file of readdirSync(dataDir)) {
    expect(readFileSync(join(dataDir, file)).includes(Buffer.from(key)), file).toBe(false);
  }
  expect(logs.join('\n')).not.toContain(key);
  rmSync(dataDir, { recursive: true, force: true });
});

async function ok(name: string, input: unknown = {}, ctx: CallContext = recorder()): Promise<Json> {
  const result = await core.dispatch(name, input, ctx);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await core.dispatch(name, input, recorder());
  if (result.ok) throw new Error(`${name} was expected to fail`);
  return result.error;
}

interface Sent {
  requestId: string;
  started: Json;
  end: { name: string; payload: Json };
  ctx: Recorder;
}

/** Starts a request in a thread and waits for its terminal event. */
async function send(thread: Json, extra: Json = {}, ctx: Recorder = recorder()): Promise<Sent> {
  const requestId = crypto.randomUUID();
  const started = await ok('chat.start', { requestId, model: PAID_MODEL, thread, ...extra }, ctx);
  const end = await ctx.terminal(requestId);
  return { requestId, started, end, ctx };
}

/** The body of the chat request whose last message is `lastUserText`. */
function bodyOf(lastUserText: string): Json {
  const found = fake.requests
    .filter((r) => r.path.startsWith('/api/v1/chat/completions'))
    .map((r) => r.body as Json)
    .filter((b) => b?.messages?.at(-1)?.content === lastUserText);
  expect(found, `a request ending with "${lastUserText}"`).toHaveLength(1);
  return found[0];
}

async function conversation(id: number): Promise<Json> {
  return ok('conversations.get', { id });
}

function messageIn(conv: Json, id: number): Json {
  return conv.messages.find((m: Json) => m.id === id);
}

describe('sending in a conversation', () => {
  it('stores the question and the answer with its usage, and tells every window', async () => {
    const conv = await ok('conversations.create', { settings: { model: PAID_MODEL, systemPrompt: 'Answer briefly.' } });
    const windows = broadcasts(core);
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const question = 'Tell me about tea [[fake:rate=0]]';
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        thread: { conversationId: conv.id, parentId: null, userContent: question },
        params: { temperature: 0.5 },
      },
      ctx,
    );
    expect(started).toMatchObject({
      requestId,
      userMessageId: expect.any(Number),
      assistantMessageId: expect.any(Number),
    });

    // At once, before any token: both messages and the conversation's new summary.
    expect(windows.seen.slice(0, 3).map((e) => e.name)).toEqual([
      'message.changed',
      'message.changed',
      'conversations.changed',
    ]);
    expect(windows.seen[0]!.payload.message).toMatchObject({
      id: started.userMessageId,
      role: 'user',
      content: question,
      parentId: null,
      status: 'done',
    });
    expect(windows.seen[1]!.payload.message).toMatchObject({
      id: started.assistantMessageId,
      role: 'assistant',
      parentId: started.userMessageId,
      status: 'streaming',
      content: '',
      model: PAID_MODEL,
      params: { temperature: 0.5 },
      requestId,
      ledgerId: started.ledgerId,
    });
    expect(windows.seen[2]!.payload).toMatchObject({ conversationId: conv.id, summary: { messageCount: 2 } });

    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.done');
    expect(end.payload.messageId).toBe(started.assistantMessageId);

    const stored = await conversation(conv.id);
    expect(stored.messages).toHaveLength(2);
    expect(stored.activeLeafId).toBe(started.assistantMessageId);
    const answer = messageIn(stored, started.assistantMessageId);
    expect(answer).toMatchObject({
      status: 'done',
      content: ctx.text(requestId),
      modelUsed: PAID_USED,
      provider: 'Anthropic',
      finishReason: 'stop',
      error: null,
      usage: { completionTokens: 24, cost: end.payload.usage.cost, costSource: 'billed' },
    });
    expect(answer.content.split(' ')).toHaveLength(24);
    expect(answer.ttftMs).not.toBeNull();
    expect(answer.durationMs).toBeGreaterThanOrEqual(answer.ttftMs);
    const row = await ok('ledger.get', { id: started.ledgerId });
    expect(row).toMatchObject({ status: 'ok', cost: answer.usage.cost, costSource: 'usage' });
    expect(stored.totalCost).toBe(answer.usage.cost); // the ledger row is filed under the conversation

    // Every window saw the finished answer and the new total.
    expect(windows.seen.filter((e) => e.name === 'message.changed').at(-1)!.payload.message).toEqual(answer);
    expect(windows.seen.filter((e) => e.name === 'conversations.changed').at(-1)!.payload.summary.totalCost).toBe(
      answer.usage.cost,
    );
    windows.stop();

    // What went to OpenRouter: the conversation's system prompt first, then the question.
    expect(bodyOf(question)).toMatchObject({
      model: PAID_MODEL,
      stream: true,
      temperature: 0.5,
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: question },
      ],
    });

    // The next turn sends the branch so far; a system prompt given with the request wins.
    const followUp = 'And coffee? [[fake:rate=0]]';
    const next = await send(
      { conversationId: conv.id, parentId: answer.id, userContent: followUp },
      { systemPrompt: 'Answer in French.' },
    );
    expect(next.end.name).toBe('chat.done');
    expect(bodyOf(followUp).messages).toEqual([
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: question },
      { role: 'assistant', content: answer.content },
      { role: 'user', content: followUp },
    ]);
    expect((await conversation(conv.id)).activeLeafId).toBe(next.started.assistantMessageId);
  });

  it('regenerating answers the same question again, as a sibling of the first answer', async () => {
    const conv = await ok('conversations.create', {});
    const question = 'Name a river [[fake:rate=0]]';
    const first = await send({ conversationId: conv.id, parentId: null, userContent: question });
    const again = await send({ conversationId: conv.id, parentId: first.started.userMessageId });
    expect(again.end.name).toBe('chat.done');
    expect(again.started.userMessageId).toBe(first.started.userMessageId);

    const stored = await conversation(conv.id);
    expect(stored.messages.map((m: Json) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    const second = messageIn(stored, again.started.assistantMessageId);
    expect(second.parentId).toBe(first.started.userMessageId);
    expect(siblingsOf(buildTree(stored.messages), second)).toEqual({
      index: 1,
      count: 2,
      ids: [first.started.assistantMessageId, second.id],
    });
    expect(messageIn(stored, first.started.assistantMessageId).status).toBe('done');
    expect(stored.activeLeafId).toBe(second.id);
    // The first answer is not part of what the second one was asked.
    const asked = fake.requests.filter((r) => (r.body as Json)?.messages?.at(-1)?.content === question);
    expect(asked).toHaveLength(2);
    expect((asked[1]!.body as Json).messages).toEqual([{ role: 'user', content: question }]);
  });

  it('editing a message (new text under an earlier parent) starts a branch', async () => {
    const conv = await ok('conversations.create', {});
    const q1 = 'First question [[fake:rate=0]]';
    const q2 = 'Second question [[fake:rate=0]]';
    const one = await send({ conversationId: conv.id, parentId: null, userContent: q1 });
    const two = await send({ conversationId: conv.id, parentId: one.started.assistantMessageId, userContent: q2 });
    const a1 = messageIn(await conversation(conv.id), one.started.assistantMessageId);

    const edited = 'Second question, reworded [[fake:rate=0]]';
    const branch = await send({ conversationId: conv.id, parentId: a1.id, userContent: edited });
    expect(branch.end.name).toBe('chat.done');
    expect(bodyOf(edited).messages).toEqual([
      { role: 'user', content: q1 },
      { role: 'assistant', content: a1.content },
      { role: 'user', content: edited },
    ]);
    const stored = await conversation(conv.id);
    const tree = buildTree(stored.messages);
    expect(tree.children.get(a1.id)!.map((m) => m.id)).toEqual([
      two.started.userMessageId,
      branch.started.userMessageId,
    ]);
    expect(stored.activeLeafId).toBe(branch.started.assistantMessageId);
    // The old branch is kept whole.
    expect(messageIn(stored, two.started.assistantMessageId).status).toBe('done');

    // Editing the very first message makes a new root, sent on its own.
    const restart = 'A different start [[fake:rate=0]]';
    const root = await send({ conversationId: conv.id, parentId: null, userContent: restart });
    expect(bodyOf(restart).messages).toEqual([{ role: 'user', content: restart }]);
    expect(messageIn(await conversation(conv.id), root.started.userMessageId).parentId).toBeNull();
  });

  it('a stopped answer keeps its partial text, gets its billed cost later, and is sent as it is', async () => {
    const conv = await ok('conversations.create', {});
    const windows = broadcasts(core);
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        thread: {
          conversationId: conv.id,
          parentId: null,
          userContent: 'Long one [[fake:tokens=2000]] [[fake:rate=50]]',
        },
      },
      ctx,
    );
    await expect.poll(() => ctx.text(requestId).split(' ').length, { timeout: 5000 }).toBeGreaterThan(3);
    await ok('chat.cancel', { requestId });
    const end = await ctx.terminal(requestId);
    expect(end.name).toBe('chat.error');
    expect(end.payload).toMatchObject({ messageId: started.assistantMessageId, error: { code: 'cancelled' } });

    const answer = messageIn(await conversation(conv.id), started.assistantMessageId);
    expect(answer).toMatchObject({ status: 'stopped', error: null, content: ctx.text(requestId) });
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content.split(' ').length).toBeLessThan(2000);

    // OpenRouter billed what was generated: the cost comes from /generation, to every window.
    await expect
      .poll(
        () =>
          windows.seen.find((e) => e.name === 'message.changed' && e.payload.message.usage?.costSource === 'generation')
            ?.payload.message,
        { timeout: 5000 },
      )
      .toMatchObject({ id: answer.id, status: 'stopped', content: answer.content });
    const billed = messageIn(await conversation(conv.id), answer.id);
    const row = await ok('ledger.get', { id: started.ledgerId });
    expect(row).toMatchObject({ status: 'cancelled', costSource: 'generation' });
    expect(billed.usage).toMatchObject({
      cost: row.cost,
      costSource: 'generation',
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
    });
    expect(windows.seen.some((e) => e.name === 'ledger.changed' && e.payload.entry.id === row.id)).toBe(true);
    windows.stop();

    const next = 'Go on [[fake:rate=0]]';
    await send({ conversationId: conv.id, parentId: answer.id, userContent: next });
    expect(bodyOf(next).messages.at(-2)).toEqual({ role: 'assistant', content: answer.content });
  });

  it('an answer that failed with no text is left out of later requests, with its question', async () => {
    const conv = await ok('conversations.create', { settings: { systemPrompt: 'Be kind.' } });
    const failed = await send({ conversationId: conv.id, parentId: null, userContent: 'x [[fake:error=401]]' });
    expect(failed.end.name).toBe('chat.error');
    expect(failed.end.payload).toMatchObject({
      messageId: failed.started.assistantMessageId,
      error: { code: 'unauthorized', status: 401 },
    });
    const answer = messageIn(await conversation(conv.id), failed.started.assistantMessageId);
    expect(answer).toMatchObject({ status: 'error', content: '', error: { code: 'unauthorized', status: 401 } });

    const next = 'Hello again [[fake:rate=0]]';
    const retry = await send({ conversationId: conv.id, parentId: answer.id, userContent: next });
    expect(retry.end.name).toBe('chat.done');
    expect(bodyOf(next).messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: next },
    ]);
  });

  it('saves a streaming answer about once per interval, so a crash keeps its text', async () => {
    const conv = await ok('conversations.create', {});
    const windows = broadcasts(core);
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        thread: {
          conversationId: conv.id,
          parentId: null,
          userContent: 'Stream [[fake:tokens=2000]] [[fake:rate=50]]',
        },
      },
      ctx,
    );
    const saves = () =>
      windows.seen.filter(
        (e) =>
          e.name === 'message.changed' &&
          e.payload.message.id === started.assistantMessageId &&
          e.payload.message.status === 'streaming' &&
          e.payload.message.content !== '',
      );
    await expect.poll(() => saves().length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    // In the database too, while it still streams.
    const midway = messageIn(await conversation(conv.id), started.assistantMessageId);
    expect(midway.status).toBe('streaming');
    expect(midway.content.length).toBeGreaterThan(0);
    expect(ctx.text(requestId).startsWith(saves()[0]!.payload.message.content)).toBe(true);
    // Saved every 100 ms, not once per token.
    const deltas = ctx.events.filter((e) => e.name === 'chat.delta').length;
    expect(saves().length).toBeLessThan(deltas);
    await ok('chat.cancel', { requestId });
    await ctx.terminal(requestId);
    windows.stop();
  });

  it('shutting down mid-answer leaves it interrupted with its text, and its cost is looked up at the next start', async () => {
    const conv = await ok('conversations.create', {});
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        thread: {
          conversationId: conv.id,
          parentId: null,
          userContent: 'Stream [[fake:tokens=2000]] [[fake:rate=40]]',
        },
      },
      ctx,
    );
    await expect.poll(() => ctx.text(requestId).length, { timeout: 5000 }).toBeGreaterThan(0);
    await core.shutdown();
    const seen = ctx.text(requestId);
    const end = await ctx.terminal(requestId);
    expect(end.payload.error.code).toBe('interrupted');

    core = await createCore(options());
    const answer = messageIn(await conversation(conv.id), started.assistantMessageId);
    expect(answer.status).toBe('interrupted');
    expect(answer.error.code).toBe('interrupted');
    expect(answer.content.length).toBeGreaterThanOrEqual(seen.length);
    expect(answer.content.startsWith(seen)).toBe(true);
    expect(answer.modelUsed).toBe(PAID_USED);
    expect(await ok('ledger.get', { id: started.ledgerId })).toMatchObject({ status: 'interrupted' });
    await expect
      .poll(async () => messageIn(await conversation(conv.id), answer.id).usage?.costSource, { timeout: 5000 })
      .toBe('generation');
  });
});

describe('reasoning', () => {
  it('collects reasoning_details across chunks and sends them back on the next turn', async () => {
    const conv = await ok('conversations.create', {});
    const params = { reasoning: { effort: 'low' } };
    const first = await send(
      { conversationId: conv.id, parentId: null, userContent: 'Think about it [[fake:rate=0]]' },
      { model: GEMINI, params },
    );
    expect(first.end.name).toBe('chat.done');
    const answer = messageIn(await conversation(conv.id), first.started.assistantMessageId);
    expect(answer.reasoning.split(' ')).toHaveLength(8);
    // Eight streamed pieces of index 0, merged into one detail.
    expect(answer.reasoningDetails).toEqual([
      { type: 'reasoning.text', text: answer.reasoning, format: 'unknown', index: 0 },
    ]);

    // Gemini refuses a history without them; the fake's directive checks they came back.
    const next = 'Go on [[fake:require-reasoning-details]] [[fake:rate=0]]';
    const second = await send(
      { conversationId: conv.id, parentId: answer.id, userContent: next },
      { model: GEMINI, params },
    );
    expect(second.end.name).toBe('chat.done');
    expect(bodyOf(next).messages[1]).toEqual({
      role: 'assistant',
      content: answer.content,
      reasoning_details: answer.reasoningDetails,
    });
  });

  it('an answer without reasoning_details gets Gemini’s refusal, with what to do', async () => {
    const conv = await ok('conversations.create', {});
    const first = await send(
      { conversationId: conv.id, parentId: null, userContent: 'No thinking [[fake:rate=0]]' },
      { model: GEMINI },
    );
    const answer = messageIn(await conversation(conv.id), first.started.assistantMessageId);
    expect(answer.reasoningDetails).toBeNull();
    const second = await send(
      { conversationId: conv.id, parentId: answer.id, userContent: 'Go on [[fake:require-reasoning-details]]' },
      { model: GEMINI },
    );
    expect(second.end.name).toBe('chat.error');
    expect(second.end.payload.error).toMatchObject({ code: 'invalid_input', status: 400 });
    expect(second.end.payload.error.message).toContain(
      'Gemini models require OpenRouter reasoning details to be preserved in each request',
    );
    expect(second.end.payload.error.message).toMatch(/Edit the message before it to start a new branch/);
  });
});

describe('costs the stream did not report', () => {
  it('usage without a cost is completed from /generation', async () => {
    const conv = await ok('conversations.create', {});
    const windows = broadcasts(core);
    const sent = await send({
      conversationId: conv.id,
      parentId: null,
      userContent: 'Cost? [[fake:usage-cost=omit]] [[fake:rate=0]]',
    });
    expect(sent.end.name).toBe('chat.done');
    expect(sent.end.payload.usage).toMatchObject({ cost: null, completionTokens: 24 });
    const id = sent.started.assistantMessageId;
    expect(messageIn(await conversation(conv.id), id).usage).toMatchObject({ cost: null, costSource: null });

    await expect
      .poll(
        () =>
          windows.seen.find(
            (e) => e.name === 'message.changed' && e.payload.message.usage?.costSource === 'generation',
          ),
        {
          timeout: 5000,
        },
      )
      .toBeTruthy();
    const answer = messageIn(await conversation(conv.id), id);
    const { promptTokens, completionTokens, cost } = answer.usage;
    expect(completionTokens).toBe(24);
    expect(cost).toBeCloseTo(promptTokens * PROMPT_PRICE + completionTokens * COMPLETION_PRICE, 12);
    const row = await ok('ledger.get', { id: sent.started.ledgerId });
    expect(row).toMatchObject({ status: 'ok', cost, costSource: 'generation' });
    expect(windows.seen.find((e) => e.name === 'ledger.changed')!.payload).toEqual({ entry: row });
    expect(windows.seen.filter((e) => e.name === 'conversations.changed').at(-1)!.payload.summary.totalCost).toBe(cost);
    windows.stop();
  });

  it('when /generation never has it, the cost is estimated from the catalog price of the model used', async () => {
    const conv = await ok('conversations.create', {});
    const windows = broadcasts(core);
    const sent = await send({
      conversationId: conv.id,
      parentId: null,
      userContent: 'Cost? [[fake:usage-cost=omit]] [[fake:generation=missing]] [[fake:rate=0]]',
    });
    const id = sent.started.assistantMessageId;
    await expect
      .poll(async () => messageIn(await conversation(conv.id), id).usage?.costSource, { timeout: 5000 })
      .toBe('estimated');
    const answer = messageIn(await conversation(conv.id), id);
    const { promptTokens, completionTokens, cost } = answer.usage;
    expect(cost).toBeCloseTo(promptTokens * PROMPT_PRICE + completionTokens * COMPLETION_PRICE, 12);
    expect(await ok('ledger.get', { id: sent.started.ledgerId })).toMatchObject({ cost, costSource: 'estimate' });
    // Only after every try on /generation (four, on reconcileDelaysMs).
    const generationId = sent.end.payload.generationId;
    expect(fake.requests.filter((r) => r.path === `/api/v1/generation?id=${generationId}`)).toHaveLength(4);
    expect(windows.seen.some((e) => e.name === 'ledger.changed' && e.payload.entry.costSource === 'estimate')).toBe(
      true,
    );
    expect((await conversation(conv.id)).totalCost).toBe(cost);
    windows.stop();
  });

  it('a billed figure that turns up later replaces the estimate', async () => {
    // A fake whose records take a second to appear: the only lookup of this run misses it.
    const slow = await startFakeOpenRouter({ generationDelayMs: 1000 });
    try {
      await core.shutdown();
      const slowOptions = options({ env: { OPENROUTER_BASE_URL: slow.baseUrl }, reconcileDelaysMs: [10] });
      core = await createCore(slowOptions);
      const conv = await ok('conversations.create', {});
      const sent = await send({
        conversationId: conv.id,
        parentId: null,
        userContent: 'Cost? [[fake:usage-cost=omit]] [[fake:rate=0]]',
      });
      const id = sent.started.assistantMessageId;
      await expect
        .poll(async () => messageIn(await conversation(conv.id), id).usage?.costSource, { timeout: 5000 })
        .toBe('estimated');

      await new Promise((r) => setTimeout(r, 1000));
      await core.shutdown();
      core = await createCore(slowOptions);
      await expect
        .poll(async () => messageIn(await conversation(conv.id), id).usage?.costSource, { timeout: 5000 })
        .toBe('generation');
      expect(await ok('ledger.get', { id: sent.started.ledgerId })).toMatchObject({ costSource: 'generation' });
    } finally {
      await core.shutdown();
      core = await createCore(options());
      await slow.close();
    }
  });
});

describe('automatic titles', () => {
  const titleRequests = () =>
    fake.requests.filter((r) => r.path.startsWith('/api/v1/chat') && (r.body as Json)?.model === 'openai/gpt-5-nano');

  it('names a conversation after its first answer, with its own ledger row, once', async () => {
    await ok('settings.update', { titleModel: 'openai/gpt-5-nano' });
    const before = titleRequests().length;
    const conv = await ok('conversations.create', {});
    const windows = broadcasts(core);
    const question = 'How do I brew green tea? [[fake:rate=0]]';
    const first = await send({ conversationId: conv.id, parentId: null, userContent: question });
    await expect
      .poll(
        () =>
          windows.seen.find((e) => e.name === 'conversations.changed' && e.payload.summary?.titleSource === 'auto')
            ?.payload.summary,
        { timeout: 5000 },
      )
      .toBeTruthy();
    const summary = (await ok('conversations.list')).find((c: Json) => c.id === conv.id);
    expect(summary.titleSource).toBe('auto');
    expect(summary.title.length).toBeGreaterThan(0);
    expect(summary.title.split(' ').length).toBeLessThanOrEqual(6);
    expect(summary.title).not.toMatch(/[.]$/);

    const asked = titleRequests().slice(before);
    expect(asked).toHaveLength(1);
    const body = asked[0]!.body as Json;
    const answer = messageIn(await conversation(conv.id), first.started.assistantMessageId);
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[0].content).toMatch(/at most six words/);
    expect(body.messages[1].content).toContain('How do I brew green tea?');
    expect(body.messages[1].content).toContain(answer.content);
    // The cheap way: the least reasoning gpt-5-nano offers, and a cap.
    expect(body).toMatchObject({ reasoning: { effort: 'minimal' }, max_tokens: 1000 });

    const rows = await ok('ledger.list', {});
    const titleRow = rows.find((r: Json) => r.origin === 'title');
    expect(titleRow).toMatchObject({ status: 'ok', modelRequested: 'openai/gpt-5-nano' });
    // Filed under the conversation: its total counts the title's cost as well.
    expect(summary.totalCost).toBeCloseTo(answer.usage.cost + titleRow.cost, 15);
    // The window that asked saw only its own answer's events.
    expect(first.ctx.events.filter((e) => e.name === 'chat.done' || e.name === 'chat.error')).toHaveLength(1);

    // The second answer does not rename it.
    await send({ conversationId: conv.id, parentId: answer.id, userContent: 'More [[fake:rate=0]]' });
    await new Promise((r) => setTimeout(r, 200));
    expect(titleRequests().slice(before)).toHaveLength(1);
    windows.stop();
  });

  it('leaves a title the user gave, and needs a title model', async () => {
    await ok('settings.update', { titleModel: 'openai/gpt-5-nano' });
    const before = titleRequests().length;
    const named = await ok('conversations.create', { title: 'Mine' });
    await send({ conversationId: named.id, parentId: null, userContent: 'Hi [[fake:rate=0]]' });
    await ok('settings.update', { titleModel: '' });
    const untitled = await ok('conversations.create', {});
    await send({ conversationId: untitled.id, parentId: null, userContent: 'Hi again [[fake:rate=0]]' });
    await new Promise((r) => setTimeout(r, 200));
    expect(titleRequests().length).toBe(before);
    const list = await ok('conversations.list');
    expect(list.find((c: Json) => c.id === named.id)).toMatchObject({ title: 'Mine', titleSource: 'user' });
    expect(list.find((c: Json) => c.id === untitled.id)).toMatchObject({ title: '', titleSource: 'none' });
  });

  it('a title request that fails is logged, never shown as a chat error', async () => {
    await ok('settings.update', { titleModel: 'acme/no-such-model' });
    const conv = await ok('conversations.create', {});
    const first = await send({ conversationId: conv.id, parentId: null, userContent: 'Hi [[fake:rate=0]]' });
    expect(first.end.name).toBe('chat.done');
    await expect
      .poll(() => logs.find((l) => l.includes(`titles: conversation ${conv.id}`)), { timeout: 5000 })
      .toMatch(/^warn: .*acme\/no-such-model is not a valid model ID/);
    expect(first.ctx.events.filter((e) => e.name === 'chat.error')).toHaveLength(0);
    expect((await ok('conversations.list')).find((c: Json) => c.id === conv.id).titleSource).toBe('none');
    const titleRow = (await ok('ledger.list', {})).find((r: Json) => r.origin === 'title');
    expect(titleRow).toMatchObject({ status: 'error', errorCode: 'invalid_input' });
  });
});

describe('refusals before anything is sent', () => {
  it('refuses threads that cannot be answered, storing and sending nothing', async () => {
    const conv = await ok('conversations.create', {});
    const other = await ok('conversations.create', {});
    const first = await send({ conversationId: conv.id, parentId: null, userContent: 'Q [[fake:rate=0]]' });
    const { userMessageId, assistantMessageId } = first.started;
    const chatsBefore = fake.requests.filter((r) => r.path.startsWith('/api/v1/chat')).length;
    const rowsBefore = (await ok('ledger.list', {})).length;
    const start = (thread: Json) =>
      refused('chat.start', { requestId: crypto.randomUUID(), model: PAID_MODEL, thread });

    expect(await start({ conversationId: conv.id, parentId: assistantMessageId })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/Only your own messages can be answered again/),
    });
    expect(await start({ conversationId: conv.id, parentId: null })).toMatchObject({ code: 'invalid_input' });
    expect(await start({ conversationId: other.id, parentId: userMessageId })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/not part of this conversation.*Reload/),
    });
    expect(
      await start({ conversationId: conv.id, parentId: userMessageId, userContent: 'Two in a row' }),
    ).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/follows an answer/),
    });
    expect(await start({ conversationId: conv.id, parentId: assistantMessageId, userContent: '   ' })).toMatchObject({
      code: 'invalid_input',
      message: 'Write a message first.',
    });
    await ok('conversations.delete', { id: other.id });
    expect(await start({ conversationId: other.id, parentId: null, userContent: 'Hello?' })).toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no longer exists/),
    });
    expect(await start({ conversationId: 9999, parentId: null, userContent: 'Hello?' })).toMatchObject({
      code: 'not_found',
    });

    expect(fake.requests.filter((r) => r.path.startsWith('/api/v1/chat')).length).toBe(chatsBefore);
    expect((await ok('ledger.list', {})).length).toBe(rowsBefore);
    expect((await conversation(conv.id)).messages).toHaveLength(2);
  });

  it('refuses a new message under an answer that is still being written', async () => {
    const conv = await ok('conversations.create', {});
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const started = await ok(
      'chat.start',
      {
        requestId,
        model: PAID_MODEL,
        thread: { conversationId: conv.id, parentId: null, userContent: 'Slow [[fake:tokens=500]] [[fake:rate=50]]' },
      },
      ctx,
    );
    const error = await refused('chat.start', {
      requestId: crypto.randomUUID(),
      model: PAID_MODEL,
      thread: { conversationId: conv.id, parentId: started.assistantMessageId, userContent: 'Next' },
    });
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/still being written/) });
    await ok('chat.cancel', { requestId });
    await ctx.terminal(requestId);
  });
});

describe('errors say what to do', () => {
  it('402 of a max_tokens pre-authorisation names the affordable amount, and a lower Max tokens works', async () => {
    const conv = await ok('conversations.create', {});
    const denied = await send(
      { conversationId: conv.id, parentId: null, userContent: 'Write a lot [[fake:afford=300]]' },
      { params: { max_tokens: 5000 } },
    );
    expect(denied.end.payload.error).toMatchObject({ code: 'payment_required', status: 402 });
    expect(denied.end.payload.error.message).toBe(
      'Your credits cover an answer of at most 300 tokens, but this request allows an answer of up to 5000. Lower Max tokens to 300 or less, or add credits at https://openrouter.ai/settings/credits.',
    );
    const lower = await send(
      { conversationId: conv.id, parentId: null, userContent: 'Write less [[fake:afford=300]] [[fake:rate=0]]' },
      { params: { max_tokens: 300 } },
    );
    expect(lower.end.name).toBe('chat.done');
  });

  it('429 on a free model says when to retry, from X-RateLimit-Reset; 403 says what was flagged', async () => {
    const conv = await ok('conversations.create', {});
    const limited = await send(
      { conversationId: conv.id, parentId: null, userContent: 'x [[fake:error=429]]' },
      { model: FREE_MODEL },
    );
    const error = limited.end.payload.error;
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toContain(`Wait ${error.retryAfterSeconds} s and try again.`);
    expect(error.message).toMatch(/Free models allow 20 requests a minute/);

    const flagged = await send({ conversationId: conv.id, parentId: null, userContent: 'x [[fake:error=403]]' });
    expect(flagged.end.payload.error).toMatchObject({ code: 'forbidden', status: 403 });
    expect(flagged.end.payload.error.message).toMatch(
      /^OpenRouter moderates anthropic\/claude-sonnet-4\.5, and your message was flagged for violence \("x \[\[fake:error=403\]\]"\), so it was not sent and nothing was charged\. Rephrase/,
    );
  });
});

describe('one-off requests', () => {
  it('send their system prompt first, and store nothing in any conversation', async () => {
    const ctx = recorder();
    const requestId = crypto.randomUUID();
    const question = 'Just once [[fake:rate=0]]';
    const started = await ok(
      'chat.start',
      { requestId, model: PAID_MODEL, systemPrompt: 'Be terse.', messages: [{ role: 'user', content: question }] },
      ctx,
    );
    expect(started).toMatchObject({ userMessageId: null, assistantMessageId: null });
    const end = await ctx.terminal(requestId);
    expect(end).toMatchObject({ name: 'chat.done', payload: { messageId: null } });
    expect(bodyOf(question).messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: question },
    ]);
    expect(await ok('conversations.list')).toEqual([]);
  });
});
