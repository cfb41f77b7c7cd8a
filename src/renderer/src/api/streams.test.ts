import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../../test/fakeApi';
import { createStreamStore } from './streams';

function harness() {
  const api = createFakeApi();
  const frames: Array<() => void> = [];
  const store = createStreamStore(api, {
    scheduleFrame: (fn) => {
      frames.push(fn);
      return () => frames.splice(frames.indexOf(fn), 1);
    },
    now: () => 100,
  });
  const frame = () => frames.splice(0).forEach((fn) => fn());
  return { api, store, frame, frames };
}

const delta = (requestId: string, content: string, reasoning = '') => ({ requestId, content, reasoning });

describe('stream store', () => {
  it('uses one listener per event however many answers stream', () => {
    const { api, store } = harness();
    for (let i = 0; i < 5; i++) store.track(`r${i}`);
    expect(api.listenerCount('chat.delta')).toBe(1);
  });

  it('batches deltas into one update per frame, and tells only that request’s subscribers', () => {
    const { api, store, frame } = harness();
    store.track('a');
    store.track('b');
    let aUpdates = 0;
    let bUpdates = 0;
    store.subscribe('a', () => aUpdates++);
    store.subscribe('b', () => bUpdates++);
    api.emit('chat.delta', delta('a', 'Hel'));
    api.emit('chat.delta', delta('a', 'lo', 'hm'));
    expect(store.get('a')?.content).toBe('');
    frame();
    expect(store.get('a')).toMatchObject({ content: 'Hello', reasoning: 'hm', contentStartedAt: 100 });
    expect(aUpdates).toBe(1);
    expect(bUpdates).toBe(0);
  });

  it('ignores deltas of requests it does not track', () => {
    const { api, store, frames } = harness();
    api.emit('chat.delta', delta('other', 'x'));
    expect(frames).toHaveLength(0);
    expect(store.get('other')).toBeUndefined();
  });

  it('puts text still waiting for its frame before the ending', () => {
    const { api, store } = harness();
    store.track('a');
    api.emit('chat.delta', delta('a', 'last words'));
    api.emit('chat.error', {
      requestId: 'a',
      ledgerId: 1,
      messageId: 2,
      error: { code: 'cancelled', message: 'Stopped' },
      usage: null,
    });
    expect(store.get('a')).toMatchObject({ content: 'last words', ended: { kind: 'error' } });
  });

  it('ends every unfinished answer when the connection drops, and only those', () => {
    const { api, store } = harness();
    store.track('done');
    store.track('running');
    api.emit('chat.done', {
      requestId: 'done',
      ledgerId: 1,
      messageId: 1,
      generationId: null,
      model: null,
      provider: null,
      finishReason: 'stop',
      usage: { promptTokens: 1, completionTokens: 1, reasoningTokens: null, cachedTokens: null, cost: 0 },
      ttftMs: 1,
      durationMs: 2,
    });
    store.endAll((requestId) => ({
      requestId,
      ledgerId: null,
      messageId: null,
      error: { code: 'network', message: 'dropped' },
      usage: null,
    }));
    expect(store.get('done')?.ended?.kind).toBe('done');
    expect(store.get('running')?.ended).toMatchObject({ kind: 'error', error: { error: { code: 'network' } } });
  });

  it('forgets a released request', () => {
    const { store } = harness();
    store.track('a');
    store.release('a');
    expect(store.get('a')).toBeUndefined();
  });
});
