import { describe, expect, it } from 'vitest';
import { ConversationSummary, type Conversation } from '@shared/conversations';
import { createFakeApi } from '../../test/fakeApi';
import { testMessage } from '../../test/fixtures';
import { callKey, connectEvents, createQueryClient, upsertSummary } from './queries';

const summary = (id: number, extra: Partial<ConversationSummary> = {}): ConversationSummary =>
  ConversationSummary.parse({
    id,
    title: `c${id}`,
    titleSource: 'none',
    createdAt: id,
    updatedAt: id,
    pinned: false,
    archived: false,
    model: 'm',
    messageCount: 0,
    totalCost: 0,
    ...extra,
  });

const message = (id: number, content: string) => testMessage(id, null, 'user', { content, createdAt: 1 });

describe('the event → cache table', () => {
  it('puts a changed conversation in the right list, pinned first then newest, and removes a deleted one', () => {
    const api = createFakeApi();
    const client = createQueryClient();
    connectEvents(api, client);
    const active = callKey('conversations.list', { archived: false });
    const archived = callKey('conversations.list', { archived: true });
    client.setQueryData(active, [summary(2), summary(1)]);
    client.setQueryData(archived, []);

    api.emit('conversations.changed', { conversationId: 3, summary: summary(3) });
    api.emit('conversations.changed', { conversationId: 1, summary: summary(1, { pinned: true }) });
    expect(client.getQueryData<ConversationSummary[]>(active)?.map((c) => c.id)).toEqual([1, 3, 2]);

    api.emit('conversations.changed', { conversationId: 2, summary: summary(2, { archived: true }) });
    expect(client.getQueryData<ConversationSummary[]>(active)?.map((c) => c.id)).toEqual([1, 3]);
    expect(client.getQueryData<ConversationSummary[]>(archived)?.map((c) => c.id)).toEqual([2]);

    api.emit('conversations.changed', { conversationId: 3, summary: null });
    expect(client.getQueryData<ConversationSummary[]>(active)?.map((c) => c.id)).toEqual([1]);
  });

  it('writes a changed message into its open conversation without asking the core again', () => {
    const api = createFakeApi();
    const client = createQueryClient();
    connectEvents(api, client);
    const key = callKey('conversations.get', { id: 1 });
    client.setQueryData<Conversation>(key, {
      ...summary(1),
      settings: { model: 'm', params: {}, systemPrompt: '' },
      messages: [message(1, 'old')],
      activeLeafId: 1,
    });
    api.emit('message.changed', { message: message(1, 'new') });
    api.emit('message.changed', { message: message(2, 'added') });
    expect(client.getQueryData<Conversation>(key)?.messages.map((m) => m.content)).toEqual(['new', 'added']);
    expect(api.calls).toEqual([]);
  });

  it('marks ledger answers stale when a request ends, and stores a changed row as it came', () => {
    const api = createFakeApi();
    const client = createQueryClient();
    connectEvents(api, client);
    client.setQueryData(callKey('ledger.summary'), { totalCost: 0, requests: 0, byStatus: {} });
    api.emit('chat.error', {
      requestId: 'r',
      ledgerId: 1,
      messageId: null,
      error: { code: 'cancelled', message: '' },
      usage: null,
    });
    expect(client.getQueryState(callKey('ledger.summary'))?.isInvalidated).toBe(true);
  });

  it('keeps the list order rules in upsertSummary', () => {
    const list = upsertSummary([summary(1), summary(5)], summary(3, { updatedAt: 10 }));
    expect(list.map((c) => c.id)).toEqual([3, 5, 1]);
  });
});
