import { describe, expect, it } from 'vitest';
import type { CallName, EventName } from '../../../../shared/contract';
import type { ChatDone, ChatUsage } from '../../../../shared/schemas';
import { ApiError } from '../../api/ApiError';
import type { ConnectionStatus, RendererApi } from '../../api/types';
import { createChatSession, DROPPED_MESSAGE, type ChatSessionOptions } from './chatSession';
import type { AssistantTurn, Turn } from './conversation';
import { RELOADED_NOTE, restoreSession, saveSession } from './savedSession';

type Handler = (input: any) => unknown;

/** A core that records calls, answers them with handlers, and pushes events when told to. */
function fakeCore() {
  const listeners = new Map<string, Set<(payload: any) => void>>();
  const statusListeners = new Set<() => void>();
  const calls: Array<{ name: CallName; input: any }> = [];
  const handlers: Partial<Record<CallName, Handler>> = {};
  let status: ConnectionStatus = 'open';

  const api: RendererApi = {
    connection: {
      status: () => status,
      subscribe(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
    },
    call(name: CallName, input?: unknown) {
      calls.push({ name, input });
      const handler = handlers[name];
      return (handler ? Promise.resolve().then(() => handler(input)) : Promise.resolve(undefined)) as never;
    },
    on(name: EventName, listener: (payload: never) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: any) => void);
      return () => set.delete(listener as (payload: any) => void);
    },
  };
  return {
    api,
    calls,
    handlers,
    emit(name: EventName, payload: unknown) {
      for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    setStatus(next: ConnectionStatus) {
      status = next;
      for (const listener of [...statusListeners]) listener();
    },
  };
}

function setup(extra: Partial<ChatSessionOptions> = {}, prepare?: (core: ReturnType<typeof fakeCore>) => void) {
  const core = fakeCore();
  prepare?.(core);
  core.handlers['chat.start'] = (input) => ({ requestId: input.requestId, ledgerId: 1 });
  core.handlers['chat.cancel'] = () => ({ cancelled: true });
  const frames: Array<() => void> = [];
  const session = createChatSession(core.api, {
    initialModel: 'openai/gpt-5-mini',
    scheduleFrame: (fn) => {
      frames.push(fn);
      return () => frames.splice(frames.indexOf(fn), 1);
    },
    stopGraceMs: 0,
    ...extra,
  });
  const runFrames = () => frames.splice(0).forEach((fn) => fn());
  const answer = () => session.get().turns.at(-1) as AssistantTurn;
  const lastStart = () => core.calls.filter((c) => c.name === 'chat.start').at(-1)!.input;
  return { core, session, frames, runFrames, answer, lastStart };
}

const request = (text: string) => ({ text, model: 'openai/gpt-5-mini', params: {}, systemPrompt: '' });

const usage: ChatUsage = {
  promptTokens: 5,
  completionTokens: 7,
  reasoningTokens: null,
  cachedTokens: null,
  cost: 0.0001,
};
function doneFor(requestId: string): ChatDone {
  return {
    requestId,
    ledgerId: 1,
    generationId: 'gen-1',
    model: 'openai/gpt-5-mini',
    provider: 'OpenAI',
    finishReason: 'stop',
    usage,
    ttftMs: 100,
    durationMs: 900,
  };
}

describe('chat session', () => {
  it('listens for the answer before asking the core to start it', async () => {
    const { core, session, runFrames, answer } = setup();
    core.handlers['chat.start'] = (input) => {
      // The core may stream before chat.start resolves; nothing may be lost.
      core.emit('chat.delta', { requestId: input.requestId, content: 'early ', reasoning: '' });
      return { requestId: input.requestId, ledgerId: 1 };
    };
    await session.send(request('Hi'));
    runFrames();
    expect(answer().content).toBe('early ');
  });

  it('sends a UUID request id, the model, the parameters and the conversation', async () => {
    const { session, lastStart } = setup();
    await session.send({ text: 'Hi', model: 'm/x', params: { temperature: 0.2 }, systemPrompt: 'Be brief.' });
    expect(lastStart()).toMatchObject({
      model: 'm/x',
      params: { temperature: 0.2 },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(lastStart().requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('batches deltas into one update per frame and shows text in arrival order', async () => {
    const { core, session, runFrames, answer, frames, lastStart } = setup();
    await session.send(request('Hi'));
    const { requestId } = lastStart();
    let updates = 0;
    session.subscribe(() => updates++);
    core.emit('chat.delta', { requestId, content: 'Hel', reasoning: '' });
    core.emit('chat.delta', { requestId, content: 'lo', reasoning: 'hmm' });
    core.emit('chat.delta', { requestId, content: '!', reasoning: '' });
    expect(frames).toHaveLength(1);
    expect(answer().content).toBe('');
    runFrames();
    expect(updates).toBe(1);
    expect(answer()).toMatchObject({ content: 'Hello!', reasoning: 'hmm', status: 'streaming' });
    expect(session.get().streaming).toBe(true);
  });

  it('ignores events of other requests', async () => {
    const { core, session, runFrames, answer } = setup();
    await session.send(request('Hi'));
    core.emit('chat.delta', { requestId: 'someone-else', content: 'nope', reasoning: '' });
    core.emit('chat.done', doneFor('someone-else'));
    runFrames();
    expect(answer()).toMatchObject({ content: '', status: 'streaming' });
  });

  it('finishes on chat.done with text not yet painted, the billing facts, and no listeners left', async () => {
    const { core, session, answer, lastStart } = setup();
    const baseline = core.listenerCount();
    await session.send(request('Hi'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: 'All done.', reasoning: '' });
    core.emit('chat.done', doneFor(requestId));
    expect(answer()).toMatchObject({ content: 'All done.', status: 'done', done: doneFor(requestId) });
    expect(session.get().streaming).toBe(false);
    expect(core.listenerCount()).toBe(baseline);
  });

  it('sends the earlier answers with the next message', async () => {
    const { core, session, lastStart } = setup();
    await session.send(request('First'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: 'Answer one', reasoning: '' });
    core.emit('chat.done', doneFor(requestId));
    await session.send(request('Second'));
    expect(lastStart().messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'Answer one' },
      { role: 'user', content: 'Second' },
    ]);
    expect(session.get().turns).toHaveLength(4);
  });

  it('stops through chat.cancel and keeps the partial text as "stopped", not as an error', async () => {
    const { core, session, answer, lastStart } = setup();
    await session.send(request('Count'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: '1, 2,', reasoning: '' });
    session.stop();
    await Promise.resolve();
    expect(core.calls.at(-1)).toEqual({ name: 'chat.cancel', input: { requestId } });
    core.emit('chat.error', {
      requestId,
      ledgerId: 1,
      error: { code: 'cancelled', message: 'Stopped.' },
      usage: null,
    });
    expect(answer()).toMatchObject({ content: '1, 2,', status: 'stopped' });
    expect(session.get().streaming).toBe(false);
  });

  it('shows the billed cost of a stopped answer once OpenRouter reports it', async () => {
    const { core, session, answer, lastStart } = setup();
    core.handlers['ledger.get'] = ({ id }) => ({
      id,
      promptTokens: 12,
      completionTokens: 7,
      reasoningTokens: null,
      cachedTokens: null,
      cost: 0.000141,
      costSource: 'generation',
    });
    await session.send(request('Count'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: '1, 2,', reasoning: '' });
    core.emit('chat.error', { requestId, ledgerId: 7, error: { code: 'cancelled', message: 'Stopped.' }, usage: null });
    expect(answer().usage).toBeNull();

    core.emit('ledger.changed', { ledgerId: 99 }); // another request's row: ignored
    await Promise.resolve();
    expect(core.calls.some((c) => c.name === 'ledger.get')).toBe(false);

    core.emit('ledger.changed', { ledgerId: 7 });
    await new Promise((r) => setTimeout(r, 0));
    expect(core.calls.filter((c) => c.name === 'ledger.get')).toEqual([{ name: 'ledger.get', input: { id: 7 } }]);
    expect(answer()).toMatchObject({
      status: 'stopped',
      content: '1, 2,',
      usage: { completionTokens: 7, cost: 0.000141 },
    });
  });

  it('keeps the partial text and the core’s message when the answer fails mid-stream', async () => {
    const { core, session, answer, lastStart } = setup();
    await session.send(request('Hi'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: 'Half', reasoning: '' });
    const error = { code: 'provider_error', message: 'The provider failed. Try again.' };
    core.emit('chat.error', { requestId, ledgerId: 1, error, usage });
    expect(answer()).toMatchObject({ content: 'Half', status: 'error', error, usage });
  });

  it('takes the message back when chat.start fails, so it can be fixed and sent again', async () => {
    const { core, session } = setup();
    const baseline = core.listenerCount();
    core.handlers['chat.start'] = () => {
      throw new ApiError({ code: 'no_key', message: 'Add your OpenRouter API key in Settings.' });
    };
    session.updateDraft({ message: 'Hello?' });
    const started = await session.send(request('Hello?'));
    const state = session.get();
    expect(started).toBe(false);
    expect(state.turns).toEqual([]);
    expect(state.streaming).toBe(false);
    expect(state.startError).toMatchObject({ code: 'no_key', message: 'Add your OpenRouter API key in Settings.' });
    expect(state.draft.message).toBe('Hello?');
    expect(core.listenerCount()).toBe(baseline);
  });

  it('ends the answer with an explanation when the connection drops mid-stream', async () => {
    const { core, session, answer, lastStart } = setup();
    await session.send(request('Hi'));
    const { requestId } = lastStart();
    core.emit('chat.delta', { requestId, content: 'So far', reasoning: '' });
    core.setStatus('reconnecting');
    expect(answer()).toMatchObject({
      content: 'So far',
      status: 'error',
      error: { code: 'network', message: DROPPED_MESSAGE },
    });
    // A late terminal event from before the drop changes nothing.
    core.emit('chat.done', doneFor(requestId));
    expect(answer().status).toBe('error');
  });

  it('marks the answer stopped when the core had nothing left to cancel and no event comes', async () => {
    const { core, session, answer } = setup();
    core.handlers['chat.cancel'] = () => ({ cancelled: false });
    await session.send(request('Hi'));
    session.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answer().status).toBe('stopped');
  });

  it('refuses a second send while an answer is streaming', async () => {
    const { core, session } = setup();
    await session.send(request('One'));
    expect(await session.send(request('Two'))).toBe(false);
    expect(core.calls.filter((c) => c.name === 'chat.start')).toHaveLength(1);
  });

  it('"New chat" stops the answer in progress and empties the transcript', async () => {
    const { core, session, lastStart } = setup();
    await session.send(request('Hi'));
    const { requestId } = lastStart();
    session.clear();
    await Promise.resolve();
    expect(core.calls.some((c) => c.name === 'chat.cancel' && c.input.requestId === requestId)).toBe(true);
    expect(session.get()).toMatchObject({ turns: [], streaming: false });
    expect(await session.send(request('Fresh'))).toBe(true);
  });

  it('clears the message box on send and keeps the model and parameters', async () => {
    const { session } = setup();
    session.updateDraft({ message: 'Hi', temperature: '0.5' });
    await session.send(request('Hi'));
    expect(session.get().draft).toMatchObject({ message: '', temperature: '0.5', model: 'openai/gpt-5-mini' });
  });

  it('learns the ledger row of an answer from chat.start', async () => {
    const { core, session, answer } = setup();
    core.handlers['chat.start'] = (input) => ({ requestId: input.requestId, ledgerId: 42 });
    await session.send(request('Hi'));
    expect(answer().ledgerId).toBe(42);
  });

  it('sends nothing while the connection is down, says why, and keeps the message', async () => {
    const { core, session } = setup();
    core.setStatus('reconnecting');
    session.updateDraft({ message: 'Hello?' });
    expect(await session.send(request('Hello?'))).toBe(false);
    expect(core.calls.some((c) => c.name === 'chat.start')).toBe(false);
    expect(session.get()).toMatchObject({ turns: [], streaming: false, draft: { message: 'Hello?' } });
    expect(session.get().startError?.message).toMatch(/paused until RouterDesk reconnects/);

    core.setStatus('open');
    expect(await session.send(request('Hello?'))).toBe(true);
    expect(session.get().startError).toBeNull();
  });

  /** A conversation whose middle answer failed with a 401 before any text. */
  async function withFailedAnswer() {
    const ctx = setup();
    const { core, session, lastStart } = ctx;
    await session.send(request('First'));
    core.emit('chat.delta', { requestId: lastStart().requestId, content: 'One.', reasoning: '' });
    core.emit('chat.done', doneFor(lastStart().requestId));
    await session.send(request('Broken'));
    const error = { code: 'unauthorized', message: 'OpenRouter rejected the API key.' };
    core.emit('chat.error', { requestId: lastStart().requestId, ledgerId: 2, error, usage: null });
    const failed = session.get().turns.at(-1) as AssistantTurn;
    expect(failed.status).toBe('error');
    return { ...ctx, failed };
  }

  it('does not send a failed message again with the next one', async () => {
    const { session, lastStart } = await withFailedAnswer();
    await session.send(request('Next'));
    expect(lastStart().messages.map((m: { content: string }) => m.content)).toEqual(['First', 'One.', 'Next']);
  });

  it('retries a failed answer in its place with the current settings, leaving the box alone', async () => {
    const { session, lastStart, failed, answer } = await withFailedAnswer();
    session.updateDraft({ message: 'typing something else' });
    const ok = await session.retry(failed.id, { model: 'other/model', params: { temperature: 0.1 }, systemPrompt: '' });
    expect(ok).toBe(true);
    expect(lastStart()).toMatchObject({
      model: 'other/model',
      params: { temperature: 0.1 },
      messages: [
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'One.' },
        { role: 'user', content: 'Broken' },
      ],
    });
    const turns = session.get().turns;
    expect(turns.map((t) => (t.role === 'user' ? t.content : t.status))).toEqual([
      'First',
      'done',
      'Broken',
      'streaming',
    ]);
    expect(turns.some((t) => t.id === failed.id)).toBe(false);
    expect(answer().requestId).toBe(lastStart().requestId);
    expect(session.get().draft.message).toBe('typing something else');
  });

  it('puts the failed pair back when a retry cannot even start', async () => {
    const { core, session, failed } = await withFailedAnswer();
    const before = session.get().turns;
    core.handlers['chat.start'] = () => {
      throw new ApiError({ code: 'invalid_input', message: 'Choose a model first.' });
    };
    expect(await session.retry(failed.id, { model: 'x/y', params: {}, systemPrompt: '' })).toBe(false);
    expect(session.get().turns).toEqual(before);
    expect(session.get().startError?.message).toBe('Choose a model first.');
  });

  it('only retries answers that failed', async () => {
    const { core, session, answer } = setup();
    await session.send(request('Fine'));
    core.emit('chat.done', doneFor(answer().requestId));
    const starts = core.calls.length;
    expect(await session.retry(answer().id, { model: 'm/x', params: {}, systemPrompt: '' })).toBe(false);
    expect(core.calls.length).toBe(starts);
  });

  it('"Edit" takes the failed pair out and puts the message back in the box', async () => {
    const { session, failed } = await withFailedAnswer();
    session.edit(failed.id);
    expect(session.get().turns.map((t) => t.content)).toEqual(['First', 'One.']);
    expect(session.get().draft.message).toBe('Broken');
  });

  it('"Edit" keeps what was being typed, after the message it takes back', async () => {
    const { session, failed } = await withFailedAnswer();
    session.updateDraft({ message: 'and more' });
    session.edit(failed.id);
    expect(session.get().draft.message).toBe('Broken\n\nand more');
  });

  it('continues a conversation restored after a reload, with fresh turn ids', async () => {
    const turns: Turn[] = [
      { id: 'turn-1', role: 'user', content: 'Story' },
      {
        id: 'turn-2',
        role: 'assistant',
        requestId: 'r-old',
        model: 'openai/gpt-5-mini',
        content: 'Once upon',
        reasoning: '',
        status: 'streaming',
        done: null,
        error: null,
        usage: null,
        ledgerId: 9,
      },
    ];
    const draft = { model: 'm/x', temperature: '0.3', maxTokens: '', systemPrompt: 'Be kind.', message: 'draft' };
    const restored = restoreSession(saveSession({ turns, draft }));
    const billed = {
      id: 9,
      cost: 0.002,
      promptTokens: 3,
      completionTokens: 40,
      reasoningTokens: null,
      cachedTokens: null,
    };
    const { core, session, lastStart } = setup({ restored }, (c) => {
      c.handlers['ledger.get'] = () => billed;
    });
    expect(session.get().draft).toEqual(draft);
    expect(session.get().turns[1]).toMatchObject({ status: 'stopped', note: RELOADED_NOTE });
    await session.send(request('Go on'));
    expect(lastStart().messages.map((m: { content: string }) => m.content)).toEqual(['Story', 'Once upon', 'Go on']);
    const ids = session.get().turns.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The old page's request was cancelled with its socket; what it was billed is looked up.
    expect(core.calls.some((c) => c.name === 'ledger.get' && c.input.id === 9)).toBe(true);
    expect((session.get().turns[1] as AssistantTurn).usage?.cost).toBe(0.002);
  });
});
