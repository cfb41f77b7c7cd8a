/**
 * The conversation store on a real SQLite file opened the way the core opens it (WAL, foreign
 * keys on, every migration), with the ledger writing the requests whose costs it sums.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { buildTree, Conversation, ConversationSummary, pathTo, SearchHit, StoredMessage } from '@shared/conversations';
import { fakeKey } from '../../../fake-openrouter/accounts';
import { Ledger } from '../ledger/ledger';
import { openDatabase, type OpenedDatabase } from '../store/database';
import { ConversationStore } from './conversation-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let dir: string;
let opened: OpenedDatabase;
let clock: number;
let store: ConversationStore;
let ledger: Ledger;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'routerdesk-conversations-'));
  clock = Date.UTC(2026, 7, 25, 12, 0, 0);
  opened = openDatabase(path.join(dir, 'routerdesk.db'));
  store = new ConversationStore(opened.db, () => clock);
  ledger = new Ledger(opened.db, () => clock);
});
afterEach(() => {
  if (opened.db.open) opened.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Parses with the contract's schema and checks nothing was added or lost on the way. */
function summaryOk(value: unknown): ConversationSummary {
  expect(ConversationSummary.strict().parse(value)).toEqual(value);
  return value as ConversationSummary;
}
function conversationOk(value: unknown): Conversation {
  const parsed = Conversation.strict().parse(value);
  expect(parsed).toEqual(value);
  for (const m of parsed.messages) messageOk(m);
  return parsed;
}
function messageOk(value: unknown): StoredMessage {
  expect(StoredMessage.strict().parse(value)).toEqual(value);
  return value as StoredMessage;
}

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an error');
}

function tick(ms = 1000): void {
  clock += ms;
}

/** user → assistant → user → assistant, one step of the clock each. */
function chat(conversationId: number, texts: string[]): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (const [i, content] of texts.entries()) {
    tick();
    out.push(
      store.addMessage(conversationId, {
        parentId: out.at(-1)?.id ?? null,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content,
      }),
    );
  }
  return out;
}

let requestSeq = 0;
function billedRequest(conversationId: number | null, cost: number | null): number {
  requestSeq += 1;
  const id = ledger.start({
    requestId: `req-${requestSeq}`,
    origin: 'playground',
    modelRequested: 'anthropic/claude-sonnet-4.5',
    conversationId,
  });
  ledger.finish(id, { status: 'ok', cost, finishReason: 'stop' });
  return id;
}

describe('create, get and list', () => {
  it('creates a conversation with its settings; a title given is the user’s', () => {
    const plain = summaryOk(store.create());
    expect(plain).toEqual({
      id: plain.id,
      title: '',
      titleSource: 'none',
      createdAt: clock,
      updatedAt: clock,
      pinned: false,
      archived: false,
      model: '',
      messageCount: 0,
      totalCost: 0,
    });
    const named = summaryOk(
      store.create({
        title: '  Trip planning ',
        settings: { model: 'openai/gpt-5', params: { temperature: 0.4 }, systemPrompt: 'Be brief.' },
      }),
    );
    expect(named).toMatchObject({ title: 'Trip planning', titleSource: 'user', model: 'openai/gpt-5' });

    const full = conversationOk(store.get(named.id));
    expect(full.settings).toEqual({ model: 'openai/gpt-5', params: { temperature: 0.4 }, systemPrompt: 'Be brief.' });
    expect(full.messages).toEqual([]);
    expect(full.activeLeafId).toBeNull();
    expect(conversationOk(store.get(plain.id)).settings).toEqual({ model: '', params: {}, systemPrompt: '' });
  });

  it('lists pinned first, then most recently active; archived ones only when asked', () => {
    const a = store.create({ title: 'a' });
    tick();
    const b = store.create({ title: 'b' });
    tick();
    const c = store.create({ title: 'c' });
    tick();
    const d = store.create({ title: 'd' });
    chat(a.id, ['bring a back to the top']);
    store.update({ id: c.id, pinned: true });
    store.update({ id: d.id, archived: true });

    const titles = (archived?: boolean) => store.list({ archived }).map((s) => summaryOk(s).title);
    expect(titles()).toEqual(['c', 'a', 'b']);
    expect(titles(true)).toEqual(['d']);

    store.delete(b.id);
    expect(titles()).toEqual(['c', 'a']);
  });

  it('counts messages and sums what the ledger billed for the conversation, at full precision', () => {
    const conv = store.create({ title: 'costs' });
    const other = store.create({ title: 'other' });
    chat(conv.id, ['q1', 'a1', 'q2', 'a2']);
    billedRequest(conv.id, 0.000123456789012345);
    billedRequest(conv.id, 0.1);
    billedRequest(conv.id, null); // not billed (yet): adds nothing
    billedRequest(other.id, 5);
    billedRequest(null, 7);

    const summary = summaryOk(store.summary(conv.id));
    expect(summary.messageCount).toBe(4);
    expect(summary.totalCost).toBe(0.000123456789012345 + 0.1);
    expect(store.list().find((s) => s.id === other.id)?.totalCost).toBe(5);
  });

  it('refuses to get a conversation that does not exist, saying what to do', () => {
    const error = caught(() => store.get(404));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/Choose another one/);
  });
});

describe('messages and branches', () => {
  it('adds messages under their parent, bumps the conversation, and shows the new branch', () => {
    const conv = store.create({ title: 't' });
    const [q, a] = chat(conv.id, ['What is oolong?', 'A partly oxidised tea.']);
    expect(messageOk(q)).toMatchObject({
      conversationId: conv.id,
      parentId: null,
      role: 'user',
      content: 'What is oolong?',
      reasoning: '',
      status: 'done',
      ledgerId: null,
      requestId: null,
    });
    expect(a!.parentId).toBe(q!.id);
    expect(store.summary(conv.id)?.updatedAt).toBe(clock);

    // Regenerate: a second answer to the same question, streaming, tied to its request.
    tick();
    const ledgerId = billedRequest(conv.id, 0.002);
    const again = messageOk(
      store.addMessage(conv.id, {
        parentId: q!.id,
        role: 'assistant',
        content: '',
        model: 'openai/gpt-5',
        params: { temperature: 1, reasoning: { effort: 'high' } },
        status: 'streaming',
        requestUuid: '7d1f0b0e-4c4a-4a43-9d7e-2b8b9f0e7a11',
        ledgerId,
      }),
    );
    expect(again).toMatchObject({
      parentId: q!.id,
      model: 'openai/gpt-5',
      params: { temperature: 1, reasoning: { effort: 'high' } },
      status: 'streaming',
      requestId: '7d1f0b0e-4c4a-4a43-9d7e-2b8b9f0e7a11',
      ledgerId,
    });

    const full = conversationOk(store.get(conv.id));
    expect(full.messages.map((m) => m.id)).toEqual([q!.id, a!.id, again.id]);
    expect(full.activeLeafId).toBe(again.id);
    expect(store.branchPath(conv.id, a!.id).map((m) => m.id)).toEqual([q!.id, a!.id]);
    expect(store.branchPath(conv.id, again.id).map((m) => m.id)).toEqual([q!.id, again.id]);
    expect(store.branchPath(conv.id, null)).toEqual([]);
    // The shared helpers read the same tree the same way.
    expect(pathTo(buildTree(full.messages), again.id).map((m) => m.id)).toEqual([q!.id, again.id]);
  });

  it('refuses a parent from another conversation, and a conversation that is gone', () => {
    const one = store.create({ title: 'one' });
    const two = store.create({ title: 'two' });
    const [q] = chat(one.id, ['hello']);
    const wrongParent = caught(() => store.addMessage(two.id, { parentId: q!.id, role: 'assistant', content: 'x' }));
    expect(wrongParent.code).toBe('invalid_input');
    expect(wrongParent.message).toContain(`Message ${q!.id} is not part of conversation ${two.id}`);
    expect(() => store.branchPath(two.id, q!.id)).toThrow(/not part of conversation/);

    store.delete(two.id);
    expect(caught(() => store.addMessage(two.id, { parentId: null, role: 'user', content: 'x' })).code).toBe(
      'not_found',
    );
    expect(store.summary(one.id)?.messageCount).toBe(1);
  });

  it('refuses a ledger row that does not exist', () => {
    const conv = store.create();
    const error = caught(() =>
      store.addMessage(conv.id, { parentId: null, role: 'user', content: 'x', ledgerId: 999 }),
    );
    expect(error.message).toMatch(/Ledger row 999 does not exist/);
    expect(store.summary(conv.id)?.messageCount).toBe(0);
  });

  it('updates only the fields given, and reads back every one', () => {
    const conv = store.create();
    const [q] = chat(conv.id, ['Explain FTS5']);
    const answer = store.addMessage(conv.id, { parentId: q!.id, role: 'assistant', content: '', status: 'streaming' });
    const grown = messageOk(store.updateMessage(answer.id, { content: 'FTS5 is', reasoning: 'The user wants' }));
    expect(grown).toMatchObject({ content: 'FTS5 is', reasoning: 'The user wants', status: 'streaming' });

    const ledgerId = billedRequest(conv.id, 0.00042);
    const usage = {
      promptTokens: 12,
      completionTokens: 40,
      reasoningTokens: 8,
      cachedTokens: 0,
      cost: 0.00042,
      costSource: 'billed' as const,
    };
    const finished = messageOk(
      store.updateMessage(answer.id, {
        content: 'FTS5 is SQLite’s full-text search.',
        reasoningDetails: [{ type: 'reasoning.text', text: 'The user wants', signature: null }],
        status: 'done',
        usage,
        modelUsed: 'anthropic/claude-4.5-sonnet-20250929',
        provider: 'Anthropic',
        finishReason: 'stop',
        ttftMs: 310,
        durationMs: 2400,
        ledgerId,
      }),
    );
    expect(finished).toEqual({
      ...grown,
      content: 'FTS5 is SQLite’s full-text search.',
      reasoningDetails: [{ type: 'reasoning.text', text: 'The user wants', signature: null }],
      status: 'done',
      usage,
      modelUsed: 'anthropic/claude-4.5-sonnet-20250929',
      provider: 'Anthropic',
      finishReason: 'stop',
      ttftMs: 310,
      durationMs: 2400,
      ledgerId,
    });
    expect(store.getMessage(answer.id)).toEqual(finished);

    // null clears a field; a failed answer keeps its error.
    const failed = messageOk(
      store.updateMessage(answer.id, {
        status: 'error',
        error: { code: 'provider_error', message: 'Try again.' },
        usage: null,
      }),
    );
    expect(failed).toMatchObject({
      status: 'error',
      error: { code: 'provider_error', message: 'Try again.' },
      usage: null,
    });
    expect(failed.content).toBe('FTS5 is SQLite’s full-text search.');
  });

  it('refuses an unknown message, status, or malformed usage', () => {
    const conv = store.create();
    const [q] = chat(conv.id, ['x']);
    expect(caught(() => store.updateMessage(12345, { content: 'y' })).code).toBe('not_found');
    expect(() => store.updateMessage(q!.id, { status: 'finished' as never })).toThrow();
    expect(caught(() => store.updateMessage(q!.id, { usage: { cost: 1 } as never })).code).toBe('invalid_input');
    expect(store.getMessage(q!.id)).toMatchObject({ status: 'done', usage: null });
    expect(store.getMessage(12345)).toBeNull();
  });

  it('marks answers a crash left streaming as interrupted, text kept, unless their request still runs elsewhere', () => {
    const conv = store.create();
    const [q] = chat(conv.id, ['go']);
    const orphan = store.addMessage(conv.id, {
      parentId: q!.id,
      role: 'assistant',
      content: 'Half an ans',
      status: 'streaming',
    });
    const finishedRequest = billedRequest(conv.id, 0.01);
    const endedButStreaming = store.addMessage(conv.id, {
      parentId: q!.id,
      role: 'assistant',
      content: 'Another half',
      status: 'streaming',
      ledgerId: finishedRequest,
    });
    // Another RouterDesk on the same data directory is still streaming this one.
    const running = ledger.start({
      requestId: 'live',
      origin: 'playground',
      modelRequested: 'm',
      conversationId: conv.id,
    });
    const live = store.addMessage(conv.id, {
      parentId: q!.id,
      role: 'assistant',
      content: 'Still comi',
      status: 'streaming',
      ledgerId: running,
    });

    expect(store.markStreamingInterrupted()).toBe(2);
    for (const id of [orphan.id, endedButStreaming.id]) {
      const m = messageOk(store.getMessage(id));
      expect(m.status).toBe('interrupted');
      expect(m.error).toMatchObject({ code: 'interrupted' });
      expect(m.error?.message).toMatch(/text so far is kept/);
    }
    expect(store.getMessage(orphan.id)?.content).toBe('Half an ans');
    expect(store.getMessage(live.id)?.status).toBe('streaming');
    expect(store.getMessage(q!.id)?.status).toBe('done');
    expect(store.markStreamingInterrupted()).toBe(0);
  });
});

describe('update', () => {
  it('renames as the user, and a title model never overwrites that', () => {
    const conv = store.create();
    expect(store.setAutoTitle(conv.id, '  Brewing   oolong\n')).toMatchObject({
      title: 'Brewing oolong',
      titleSource: 'auto',
    });
    tick();
    const renamed = summaryOk(store.update({ id: conv.id, title: ' My tea notes ' }));
    expect(renamed).toMatchObject({ title: 'My tea notes', titleSource: 'user', updatedAt: conv.updatedAt });
    expect(store.setAutoTitle(conv.id, 'Something else')).toBeNull();
    expect(store.summary(conv.id)?.title).toBe('My tea notes');
    // Clearing the title hands it back to the title model.
    expect(store.update({ id: conv.id, title: '' })).toMatchObject({ title: '', titleSource: 'none' });
    expect(store.setAutoTitle(conv.id, 'Oolong')?.titleSource).toBe('auto');
  });

  it('pins, archives and changes settings without reordering the list; merges settings field by field', () => {
    const conv = store.create({
      settings: { model: 'openai/gpt-5', params: { temperature: 0.2 }, systemPrompt: 'Hi' },
    });
    const created = clock;
    tick();
    expect(store.update({ id: conv.id, pinned: true, archived: true })).toMatchObject({
      pinned: true,
      archived: true,
      updatedAt: created,
    });
    store.update({ id: conv.id, settings: { systemPrompt: 'Answer in French.' } });
    expect(store.get(conv.id).settings).toEqual({
      model: 'openai/gpt-5',
      params: { temperature: 0.2 },
      systemPrompt: 'Answer in French.',
    });
    store.update({ id: conv.id, settings: { model: 'anthropic/claude-sonnet-4.5', params: { top_p: 0.9 } } });
    expect(store.get(conv.id).settings).toEqual({
      model: 'anthropic/claude-sonnet-4.5',
      params: { top_p: 0.9 },
      systemPrompt: 'Answer in French.',
    });
    expect(store.summary(conv.id)?.updatedAt).toBe(created);
  });

  it('switches the branch on screen only to a message of this conversation', () => {
    const conv = store.create();
    const other = store.create();
    const [q, a] = chat(conv.id, ['q', 'a']);
    tick();
    const alt = store.addMessage(conv.id, { parentId: q!.id, role: 'assistant', content: 'alt' });
    const [foreign] = chat(other.id, ['elsewhere']);
    expect(store.get(conv.id).activeLeafId).toBe(alt.id);

    store.update({ id: conv.id, activeLeafId: a!.id });
    expect(conversationOk(store.get(conv.id)).activeLeafId).toBe(a!.id);

    const error = caught(() => store.update({ id: conv.id, activeLeafId: foreign!.id, pinned: true }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`Message ${foreign!.id} is not part of conversation ${conv.id}`);
    expect(error.message).toMatch(/Reload the conversation/);
    // Refused as a whole: the pin in the same call did not happen either.
    expect(store.summary(conv.id)).toMatchObject({ pinned: false });
    expect(store.get(conv.id).activeLeafId).toBe(a!.id);
  });

  it('refuses to update a conversation in the bin', () => {
    const conv = store.create();
    store.delete(conv.id);
    expect(caught(() => store.update({ id: conv.id, pinned: true })).code).toBe('not_found');
  });
});

describe('the bin', () => {
  it('hides a deleted conversation from list, get and search until it is restored', () => {
    const conv = store.create({ title: 'secret recipe' });
    chat(conv.id, ['the marinade uses tamarind']);
    expect(store.search('tamarind')).toHaveLength(1);

    expect(store.delete(conv.id)).toBe(true);
    expect(store.delete(conv.id)).toBe(false);
    expect(store.list()).toEqual([]);
    expect(store.list({ archived: true })).toEqual([]);
    expect(caught(() => store.get(conv.id)).code).toBe('not_found');
    expect(store.search('tamarind')).toEqual([]);
    expect(store.summary(conv.id)).toBeNull();

    const back = summaryOk(store.restore(conv.id));
    expect(back).toMatchObject({ id: conv.id, title: 'secret recipe', messageCount: 1 });
    expect(store.list().map((s) => s.id)).toEqual([conv.id]);
    expect(store.search('tamarind')).toHaveLength(1);
  });

  it('purges what has been in the bin long enough, keeping its requests in the ledger', () => {
    const old = store.create({ title: 'old' });
    chat(old.id, ['one', 'two']);
    const requestId = billedRequest(old.id, 0.5);
    const recent = store.create({ title: 'recent' });
    const kept = store.create({ title: 'kept' });
    store.delete(old.id);
    tick(20 * HOUR);
    store.delete(recent.id);
    tick(5 * HOUR);

    expect(store.purgeDeleted(DAY)).toBe(1);
    expect(caught(() => store.restore(old.id)).message).toMatch(/gone for good/);
    expect(store.restore(recent.id).title).toBe('recent');
    expect(
      store
        .list()
        .map((s) => s.title)
        .sort(),
    ).toEqual(['kept', 'recent']);
    expect(store.summary(kept.id)).not.toBeNull();
    const row = opened.db.prepare('SELECT conversation_id, cost FROM requests WHERE id = ?').get(requestId);
    expect(row).toEqual({ conversation_id: null, cost: 0.5 });
    expect(opened.db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(store.search('one')).toEqual([]);
  });

  it('purges a conversation far longer than SQLite’s cascade depth', () => {
    const conv = store.create({ title: 'marathon' });
    const add = opened.db.prepare(
      `INSERT INTO messages (conversation_id, parent_id, role, content, created_at) VALUES (?, ?, 'user', 'turn', ?)`,
    );
    opened.db.transaction(() => {
      let parent: number | null = null;
      for (let i = 0; i < 2500; i++) parent = Number(add.run(conv.id, parent, i).lastInsertRowid);
    })();
    expect(store.branchPath(conv.id, conversationOk(store.get(conv.id)).activeLeafId)).toHaveLength(2500);
    store.delete(conv.id);
    tick(DAY);
    expect(store.purgeDeleted(DAY)).toBe(1);
    expect(opened.db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });
});

describe('search', () => {
  let tea: number;
  let coffee: number;
  beforeEach(() => {
    tea = store.create({ title: 'Tea' }).id;
    coffee = store.create({ title: 'Coffee' }).id;
    chat(tea, [
      'How long should oolong steep?',
      'Oolong steeps 3 minutes at 90 °C; a café-style gongfu session is shorter.',
    ]);
    chat(coffee, ['Is a flat white stronger than a latte?', 'Yes: same espresso, less milk.']);
  });

  function hits(query: string, limit?: number): SearchHit[] {
    const found = store.search(query, limit);
    for (const hit of found) expect(SearchHit.strict().parse(hit)).toEqual(hit);
    return found;
  }

  it('finds words as they are typed, the last one as a prefix, accents or not', () => {
    expect(hits('oolo').map((h) => h.conversationId)).toEqual([tea, tea]);
    expect(hits('espresso mi').map((h) => [h.conversationId, h.role])).toEqual([[coffee, 'assistant']]);
    expect(hits('cafe')).toHaveLength(1);
    expect(hits('CAFÉ')).toHaveLength(1);
    expect(hits('espresso oolong')).toEqual([]); // every word must match
  });

  it('marks the matched words in the snippet and names the conversation', () => {
    const [hit] = hits('flat whi');
    expect(hit).toMatchObject({ conversationId: coffee, title: 'Coffee', role: 'user' });
    expect(hit!.snippet).toBe('Is a \u0001flat\u0002 \u0001white\u0002 stronger than a latte?');
  });

  it('treats FTS syntax as plain text and never fails on what the user types', () => {
    for (const query of [
      'oolong AND',
      'NOT oolong',
      'oolong OR',
      '"unbalanced',
      'content:oolong',
      'NEAR(oolong steep)',
      '(oolong',
      'oolong*',
      '^oolong',
      "l'oolong",
      'steep -minutes',
      '🙂 oolong',
    ]) {
      expect(() => hits(query), query).not.toThrow();
    }
    expect(hits('NOT oolong')).toEqual([]); // "not" is a word here, and no message has it
    expect(hits('(oolong').length).toBe(2);
    expect(hits('"oolong"').length).toBe(2);
  });

  it('returns nothing for a query of only spaces or punctuation', () => {
    for (const query of ['', '   ', '"', '***', ' - ( ) " ^ : ', '🙂']) expect(hits(query), query).toEqual([]);
  });

  it('follows edited text, includes archived conversations, and respects the limit', () => {
    const [q] = hits('flat');
    store.updateMessage(q!.messageId, { content: 'Is a cortado stronger than a latte?' });
    expect(hits('flat')).toEqual([]);
    expect(hits('cortado')).toHaveLength(1);
    store.update({ id: coffee, archived: true });
    expect(hits('cortado')).toHaveLength(1);
    expect(hits('a', 1)).toHaveLength(1);
  });
});

describe('export and import', () => {
  function branchyConversation() {
    const conv = store.create({
      title: 'Tea notes',
      settings: { model: 'openai/gpt-5', params: { temperature: 0.3 }, systemPrompt: 'You are a tea expert.' },
    });
    const [q, a1] = chat(conv.id, ['Best water temperature for green tea?', 'About 75 °C.']);
    const ledgerId = billedRequest(conv.id, 0.000321);
    store.updateMessage(a1!.id, {
      ledgerId,
      modelUsed: 'openai/gpt-5-2025-08-07',
      provider: 'OpenAI',
      finishReason: 'stop',
      usage: {
        promptTokens: 20,
        completionTokens: 6,
        reasoningTokens: 0,
        cachedTokens: 0,
        cost: 0.000321,
        costSource: 'billed',
      },
    });
    tick();
    const a2 = store.addMessage(conv.id, {
      parentId: q!.id,
      role: 'assistant',
      content: 'Around 80 °C, never boiling.',
      model: 'anthropic/claude-sonnet-4.5',
    });
    store.updateMessage(a2.id, {
      reasoning: 'Green tea scalds easily.',
      reasoningDetails: [{ type: 'reasoning.text', text: 'x' }],
    });
    tick();
    const q2 = store.addMessage(conv.id, { parentId: a1!.id, role: 'user', content: 'And for oolong?' });
    tick();
    const a3 = store.addMessage(conv.id, {
      parentId: q2.id,
      role: 'assistant',
      content: '85–95 °C.',
      status: 'stopped',
    });
    return { conv, q: q!, a1: a1!, a2, q2, a3 };
  }

  it('exports the branch on screen as readable Markdown with role, model and cost', () => {
    const { conv } = branchyConversation();
    const md = store.export(conv.id, 'markdown');
    expect(md.filename).toBe('Tea notes.md');
    expect(md.mimeType).toMatch(/^text\/markdown/);
    expect(md.content.startsWith('# Tea notes\n')).toBe(true);
    expect(md.content).toContain('- Model: openai/gpt-5');
    expect(md.content).toContain('> You are a tea expert.');
    expect(md.content).toContain('## User\n\nBest water temperature for green tea?');
    expect(md.content).toContain('## Assistant · openai/gpt-5-2025-08-07 · $0.000321\n\nAbout 75 °C.');
    expect(md.content).toContain('## User\n\nAnd for oolong?');
    expect(md.content).toContain('85–95 °C.\n\n_Stopped before the answer was complete._');
    // The other answer is an alternative branch, not on screen.
    expect(md.content).not.toContain('Around 80 °C');
    const order = ['green tea?', 'About 75', 'And for oolong', '85–95'].map((t) => md.content.indexOf(t));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('takes the cost from the ledger when the message has none of its own', () => {
    const conv = store.create({ title: 'x' });
    const [q] = chat(conv.id, ['q']);
    const ledgerId = billedRequest(conv.id, 0.0042);
    store.addMessage(conv.id, { parentId: q!.id, role: 'assistant', content: 'a', model: 'm/x', ledgerId });
    expect(store.export(conv.id, 'markdown').content).toContain('## Assistant · m/x · $0.0042');
  });

  it('exports the whole tree as JSON and imports it back as a copy with new ids', () => {
    const { conv, a2 } = branchyConversation();
    const original = store.get(conv.id);
    const json = store.export(conv.id, 'json');
    expect(json).toMatchObject({ filename: 'Tea notes.json', mimeType: 'application/json' });
    const file = JSON.parse(json.content);
    expect(file).toMatchObject({ format: 'routerdesk.conversation', version: 1 });
    expect(file.conversation.settings).toEqual(original.settings);
    expect(file.conversation.messages).toEqual(original.messages);
    expect(file.conversation.activeLeafId).toBe(original.activeLeafId);

    tick();
    const imported = summaryOk(store.import(json.content));
    expect(imported.id).not.toBe(conv.id);
    expect(imported).toMatchObject({ title: 'Tea notes (imported)', messageCount: 5, updatedAt: clock });
    // Costs belong to the ledger of the database that paid them.
    expect(imported.totalCost).toBe(0);
    expect(store.list()[0]!.id).toBe(imported.id);

    const copy = conversationOk(store.get(imported.id));
    expect(copy.settings).toEqual(original.settings);
    expect(copy.createdAt).toBe(original.createdAt);
    const oldIds = new Set(original.messages.map((m) => m.id));
    expect(copy.messages.some((m) => oldIds.has(m.id))).toBe(false);
    // Same tree, same fields, with new ids and without this database's ledger links.
    const shape = (c: Conversation) => {
      const index = new Map(c.messages.map((m, i) => [m.id, i]));
      return {
        leaf: c.activeLeafId === null ? null : index.get(c.activeLeafId),
        messages: c.messages.map((m) => ({
          ...m,
          id: index.get(m.id),
          parentId: m.parentId === null ? null : index.get(m.parentId),
          conversationId: 0,
          ledgerId: null,
          requestId: null,
        })),
      };
    };
    expect(shape(copy)).toEqual(shape(original));
    expect(copy.messages.find((m) => m.content === a2.content)).toMatchObject({
      reasoning: 'Green tea scalds easily.',
      reasoningDetails: [{ type: 'reasoning.text', text: 'x' }],
    });
    expect(store.search('scalds')).toEqual([]); // reasoning is not indexed
    expect(
      store
        .search('never boiling')
        .map((h) => h.conversationId)
        .sort(),
    ).toEqual([conv.id, imported.id].sort());
  });

  it('keeps the title when no conversation has it, and ends answers exported mid-stream', () => {
    const { conv, a3 } = branchyConversation();
    store.updateMessage(a3.id, { status: 'streaming' });
    const content = store.export(conv.id, 'json').content;
    store.delete(conv.id);
    const imported = store.import(content);
    expect(imported.title).toBe('Tea notes');
    expect(store.get(imported.id).messages.find((m) => m.content === '85–95 °C.')?.status).toBe('interrupted');
  });

  function exportedFile(): { text: string; file: any } {
    const { conv } = branchyConversation();
    const text = store.export(conv.id, 'json').content;
    return { text, file: JSON.parse(text) };
  }

  it.each([
    ['a file that is not JSON', () => 'title: Tea notes', /not a RouterDesk conversation export \(it is not JSON\)/],
    ['JSON that is not ours', () => JSON.stringify({ messages: [] }), /no "format": "routerdesk.conversation" header/],
    [
      'an export from a newer RouterDesk',
      (f: any) => JSON.stringify({ ...f, version: 2 }),
      /exported by a newer RouterDesk \(file version 2; this one reads version 1\)\. Update RouterDesk/,
    ],
    ['an export without a version', (f: any) => JSON.stringify({ ...f, version: undefined }), /version none/],
    [
      'a message with an unknown role',
      (f: any) => {
        f.conversation.messages[1].role = 'robot';
        return JSON.stringify(f);
      },
      /damaged: conversation\.messages\[1\]\.role/,
    ],
    [
      'a parent that is not in the file',
      (f: any) => {
        f.conversation.messages[1].parentId = 999999;
        return JSON.stringify(f);
      },
      /message \d+ follows message 999999, which is not in the file/,
    ],
    [
      'a loop of parents',
      (f: any) => {
        const [first, second] = f.conversation.messages;
        first.parentId = second.id;
        return JSON.stringify(f);
      },
      /is part of a loop/,
    ],
    [
      'a message that follows itself',
      (f: any) => {
        const m = f.conversation.messages[2];
        m.parentId = m.id;
        return JSON.stringify(f);
      },
      /is part of a loop/,
    ],
    [
      'two messages with one id',
      (f: any) => {
        f.conversation.messages[2].id = f.conversation.messages[1].id;
        return JSON.stringify(f);
      },
      /two messages have the id/,
    ],
    [
      'a branch that ends nowhere',
      (f: any) => {
        f.conversation.activeLeafId = 424242;
        return JSON.stringify(f);
      },
      /ends at message 424242, which is not in the file/,
    ],
  ])('refuses %s, says what is wrong, and changes nothing', (_label, corrupt, problem) => {
    const { file } = exportedFile();
    const count = (table: string) => (opened.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { conversations: count('conversations'), messages: count('messages') };
    const error = caught(() => store.import(corrupt(file)));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(problem);
    expect(error.message).toMatch(/Nothing was changed\.$/);
    expect({ conversations: count('conversations'), messages: count('messages') }).toEqual(before);
  });

  it('rolls the whole import back when a write fails part-way', () => {
    const { file } = exportedFile();
    const before = store.list().length;
    // A trigger that fails on the fourth message stands in for a disk error mid-import.
    opened.db.exec(`CREATE TEMP TRIGGER fail_import BEFORE INSERT ON messages WHEN new.content = 'And for oolong?'
                    BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => store.import(JSON.stringify(file))).toThrow(/disk full/);
    expect(store.list()).toHaveLength(before);
  });
});

describe('the API key stays out of the database', () => {
  it('is refused in settings and titles, and removed from message text, errors and imports', () => {
    const key = fakeKey('valid', 11);
    expect(caught(() => store.create({ settings: { systemPrompt: `use ${key}` } })).message).toMatch(/system keychain/);
    expect(caught(() => store.create({ title: key })).code).toBe('invalid_input');
    const conv = store.create({ title: 'leaky' });
    expect(() => store.update({ id: conv.id, settings: { systemPrompt: key } })).toThrow(/API key/);

    const [q] = chat(conv.id, [`my key is ${key}, is that safe?`]);
    expect(q!.content).toBe('my key is [API key removed], is that safe?');
    const a = store.addMessage(conv.id, { parentId: q!.id, role: 'assistant', content: '' });
    store.updateMessage(a.id, {
      content: `Never share ${key}.`,
      reasoning: key,
      reasoningDetails: [{ text: key }],
      error: { code: 'unauthorized', message: `Key ${key} was refused.` },
    });
    const text = JSON.stringify(store.get(conv.id));
    expect(text).not.toContain(key);

    const file = JSON.parse(store.export(conv.id, 'json').content);
    file.conversation.messages[0].content = `pasted ${key}`;
    file.conversation.settings.systemPrompt = key;
    store.import(JSON.stringify(file));

    opened.db.pragma('wal_checkpoint(TRUNCATE)');
    opened.db.close();
    for (const name of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, name));
      expect(bytes.includes(Buffer.from(key.slice(9, 41))), name).toBe(false);
    }
  });
});
