import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationSummary, Preset, StoredMessage } from '@shared/conversations';
import type { ChatStartInput } from '@shared/schemas';
import { createFakeApi, type FakeApi } from '../../../test/fakeApi';
import { testMessage, testModel } from '../../../test/fixtures';
import { renderApp } from '../../../test/renderApp';

/**
 * A core in miniature: conversations and messages in memory, chat.start adds the messages and
 * tells the renderer as the real core does (message.changed), and the test streams the answer.
 */
function fakeCore() {
  let nextId = 1;
  const conversations = new Map<number, Conversation>();
  const started: ChatStartInput[] = [];
  let presets: Preset[] = [];
  const updates: unknown[] = [];
  /** When set, the next answers fail at once, before chat.start returns, as an HTTP 429 does. */
  let failWith: { code: 'rate_limited'; message: string; retryAfterSeconds: number } | null = null;
  const summary = (c: Conversation): ConversationSummary => {
    const { settings: _s, messages: _m, activeLeafId: _a, ...rest } = c;
    return rest;
  };
  const api: FakeApi = createFakeApi({
    'settings.get': () => ({
      baseUrl: '',
      theme: 'light',
      sendKey: 'enter',
      defaultModel: '',
      titleModel: '',
      welcomed: true,
    }),
    'key.status': () => ({
      set: true,
      source: 'keychain',
      last4: 'abcd',
      keychain: { available: true, backend: 'Secret Service', message: null },
      unverified: false,
    }),
    'catalog.list': () => ({
      models: [testModel('openai/gpt-5-mini'), testModel('acme/other')],
      fetchedAt: 1,
      source: 'network',
      staleReason: null,
    }),
    'conversations.list': () => [...conversations.values()].map(summary),
    'presets.list': () => presets,
    'presets.save': (preset) => {
      presets = [...presets.filter((p) => p.name !== preset.name), preset];
      return presets;
    },
    'conversations.create': (input) => {
      const id = nextId++;
      const c: Conversation = {
        id,
        title: '',
        titleSource: 'none',
        createdAt: 1,
        updatedAt: 1,
        pinned: false,
        archived: false,
        model: input?.settings?.model ?? '',
        messageCount: 0,
        totalCost: 0,
        settings: { model: input?.settings?.model ?? '', params: input?.settings?.params ?? {}, systemPrompt: '' },
        messages: [],
        activeLeafId: null,
      };
      conversations.set(id, c);
      return summary(c);
    },
    'conversations.get': ({ id }) => structuredClone(conversations.get(id)!),
    'conversations.update': (input) => {
      updates.push(input);
      const c = conversations.get(input.id)!;
      if (input.activeLeafId) c.activeLeafId = input.activeLeafId;
      return summary(c);
    },
    'chat.start': (input) => {
      started.push(input);
      const c = conversations.get(input.thread!.conversationId)!;
      const add = (m: StoredMessage) => {
        c.messages.push(m);
        c.activeLeafId = m.id;
        api.emit('message.changed', { message: m });
      };
      let userId = input.thread!.parentId;
      if (input.thread!.userContent !== undefined) {
        const user = testMessage(100 + c.messages.length, input.thread!.parentId, 'user', {
          content: input.thread!.userContent,
          conversationId: c.id,
        });
        add(user);
        userId = user.id;
      }
      const answer = testMessage(100 + c.messages.length, userId, 'assistant', {
        conversationId: c.id,
        content: '',
        status: 'streaming',
        requestId: input.requestId,
      });
      add(answer);
      if (failWith) {
        const failed = { ...answer, status: 'error' as const, error: failWith };
        c.messages = c.messages.map((x) => (x.id === answer.id ? failed : x));
        api.emit('message.changed', { message: failed });
        api.emit('chat.error', {
          requestId: input.requestId,
          ledgerId: 1,
          messageId: answer.id,
          error: failWith,
          usage: null,
        });
      }
      return { requestId: input.requestId, ledgerId: 1, userMessageId: userId, assistantMessageId: answer.id };
    },
  });

  /** Streams `text` into the latest answer, then ends it as the core would. */
  async function answer(text: string, cost = 0.00012) {
    const input = started[started.length - 1]!;
    const c = conversations.get(input.thread!.conversationId)!;
    const m = c.messages.find((x) => x.requestId === input.requestId)!;
    await act(async () => {
      api.emit('chat.delta', { requestId: input.requestId, content: text, reasoning: '' });
      await new Promise((r) => setTimeout(r, 40));
    });
    const done: StoredMessage = {
      ...m,
      content: text,
      status: 'done',
      usage: {
        promptTokens: 10,
        completionTokens: 5,
        reasoningTokens: null,
        cachedTokens: null,
        cost,
        costSource: 'billed',
      },
      durationMs: 1000,
      ttftMs: 200,
    };
    c.messages = c.messages.map((x) => (x.id === m.id ? done : x));
    await act(async () => {
      api.emit('message.changed', { message: done });
      api.emit('chat.done', {
        requestId: input.requestId,
        ledgerId: 1,
        messageId: m.id,
        generationId: null,
        model: null,
        provider: null,
        finishReason: 'stop',
        usage: done.usage!,
        ttftMs: 200,
        durationMs: 1000,
      });
    });
  }

  return {
    api,
    started,
    updates,
    answer,
    conversations,
    failNext: (error: typeof failWith) => {
      failWith = error;
    },
  };
}

describe('the Playground', () => {
  it('starts a newcomer on a sensible model, saves the conversation on the first send, and renders the answer', async () => {
    const core = fakeCore();
    const { router } = renderApp(core.api, '/chat');
    expect(await screen.findByRole('heading', { name: 'New chat', level: 1 })).toBeTruthy();
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Model' }) as HTMLInputElement).value).toBe('openai/gpt-5-mini'),
    );

    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'Hello there' } });
    fireEvent.keyDown(box, { key: 'Enter' });

    await waitFor(() => expect(core.started).toHaveLength(1));
    expect(core.started[0]).toMatchObject({
      model: 'openai/gpt-5-mini',
      thread: { conversationId: 1, parentId: null, userContent: 'Hello there' },
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/chat/1'));
    // The box is empty again; the message is in the conversation.
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('');

    await core.answer('Hi! Here is **bold** and `code`.');
    const log = screen.getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(within(log).getByText('bold').tagName).toBe('STRONG'));
    expect(within(log).getByText('Hello there')).toBeTruthy();
    expect(log.textContent).toContain('$0.00012 billed');
  });

  it('keeps a regenerated answer as an alternative and switches between them', async () => {
    const core = fakeCore();
    renderApp(core.api, '/chat');
    const box = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Model' }) as HTMLInputElement).value).not.toBe(''),
    );
    fireEvent.change(box, { target: { value: 'Pick a number' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(core.started).toHaveLength(1));
    await core.answer('Seven');

    fireEvent.click(await screen.findByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(core.started).toHaveLength(2));
    const userId = core.started[0] && [...core.conversations.get(1)!.messages].find((m) => m.role === 'user')!.id;
    expect(core.started[1]!.thread).toEqual({ conversationId: 1, parentId: userId });
    await core.answer('Three');

    const group = await screen.findByRole('group', { name: 'Answer 2 of 2' });
    expect(screen.getByRole('log').textContent).toContain('Three');
    fireEvent.click(within(group).getByRole('button', { name: 'Previous answer' }));
    await waitFor(() => expect(screen.getByRole('log').textContent).toContain('Seven'));
    expect(screen.getByRole('group', { name: 'Answer 1 of 2' })).toBeTruthy();
    expect(core.updates).toContainEqual({ id: 1, activeLeafId: expect.any(Number) });
  });

  it('says what to fix instead of sending a parameter it cannot read', async () => {
    const core = fakeCore();
    renderApp(core.api, '/chat');
    const temperature = await screen.findByRole('textbox', { name: 'Temperature' });
    fireEvent.change(temperature, { target: { value: '1e0' } });
    expect(await screen.findByText(/Temperature must be a number from 0 to 2/)).toBeTruthy();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'Hi' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await new Promise((r) => setTimeout(r, 50));
    expect(core.started).toHaveLength(0);
    expect(core.api.calls.some((c) => c.name === 'conversations.create')).toBe(false);
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('Hi');
  });

  it('retries a rate-limited answer by itself after Retry-After, as a new alternative, and the retry can be cancelled', async () => {
    const core = fakeCore();
    renderApp(core.api, '/chat');
    const box = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() =>
      expect((screen.getByRole('combobox', { name: 'Model' }) as HTMLInputElement).value).not.toBe(''),
    );
    core.failNext({ code: 'rate_limited', message: 'Rate limited.', retryAfterSeconds: 2 });
    fireEvent.change(box, { target: { value: 'Hurry' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await screen.findByText(/Retrying in 2 s/, undefined, { timeout: 1500 })).toBeTruthy();
    // After the wait it asks again for the same message: a new alternative, not a new message.
    await waitFor(() => expect(core.started).toHaveLength(2), { timeout: 4000 });
    const userId = core.started[1]!.thread!.parentId;
    expect(core.started[1]!.thread).toEqual({ conversationId: 1, parentId: userId });
    // The second failure waits again (attempt 2), and Cancel stops it.
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel retry' }));
    await new Promise((r) => setTimeout(r, 2500));
    expect(core.started).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('saves the settings as a named preset and applies it to a new chat', async () => {
    const core = fakeCore();
    renderApp(core.api, '/chat');
    const temperature = await screen.findByRole('textbox', { name: 'Temperature' });
    fireEvent.change(temperature, { target: { value: '0.3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Preset name' }), { target: { value: 'Careful' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(core.api.calls).toContainEqual({
        name: 'presets.save',
        input: {
          name: 'Careful',
          settings: { model: 'openai/gpt-5-mini', params: { temperature: 0.3 }, systemPrompt: '' },
        },
      }),
    );

    fireEvent.change(temperature, { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Preset' }), { target: { value: 'Careful' } });
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Temperature' }) as HTMLInputElement).value).toBe('0.3'),
    );
  });
});
