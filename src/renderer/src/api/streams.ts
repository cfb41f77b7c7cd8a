/**
 * Live text of answers that are streaming, routed by request id through one map. One listener per
 * event receives every delta; each answer's subscribers hear only about their own request, and
 * at most once per animation frame, so a delta re-renders one message and nothing else.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { ChatDone, ChatError } from '@shared/schemas';
import type { RendererApi } from './types';

export interface LiveAnswer {
  content: string;
  reasoning: string;
  /** When the first reasoning and the first answer text arrived (ms, performance clock). */
  reasoningStartedAt: number | null;
  contentStartedAt: number | null;
  /** Set once the core has sent the request's terminal event. */
  ended: { kind: 'done'; done: ChatDone } | { kind: 'error'; error: ChatError } | null;
}

export interface StreamStore {
  /** Starts routing a request's deltas (call before chat.start: the first delta can come first). */
  track(requestId: string): void;
  /** Stops keeping a request's text, once the stored message has it. */
  release(requestId: string): void;
  get(requestId: string): LiveAnswer | undefined;
  subscribe(requestId: string, listener: () => void): () => void;
  /** Ends every tracked request that has no terminal event yet (the connection dropped). */
  endAll(error: (requestId: string) => ChatError): void;
  dispose(): void;
}

export interface StreamStoreOptions {
  scheduleFrame?: (fn: () => void) => () => void;
  now?: () => number;
}

function animationFrame(fn: () => void): () => void {
  const handle = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(handle);
}

export function createStreamStore(api: RendererApi, options: StreamStoreOptions = {}): StreamStore {
  const scheduleFrame = options.scheduleFrame ?? animationFrame;
  const now = options.now ?? (() => performance.now());
  const answers = new Map<string, LiveAnswer>();
  const pending = new Map<string, { content: string; reasoning: string }>();
  const listeners = new Map<string, Set<() => void>>();
  let cancelFrame: (() => void) | null = null;

  const notify = (requestId: string) => {
    for (const listener of [...(listeners.get(requestId) ?? [])]) listener();
  };

  const flush = () => {
    cancelFrame = null;
    const changed = [...pending.entries()];
    pending.clear();
    for (const [requestId, add] of changed) {
      const answer = answers.get(requestId);
      if (!answer) continue;
      const t = now();
      answers.set(requestId, {
        ...answer,
        content: answer.content + add.content,
        reasoning: answer.reasoning + add.reasoning,
        reasoningStartedAt: answer.reasoningStartedAt ?? (add.reasoning ? t : null),
        contentStartedAt: answer.contentStartedAt ?? (add.content ? t : null),
      });
      notify(requestId);
    }
  };

  const end = (requestId: string, ended: NonNullable<LiveAnswer['ended']>) => {
    // Text still waiting for its frame belongs before the ending.
    if (pending.has(requestId)) flush();
    const answer = answers.get(requestId);
    if (!answer || answer.ended) return;
    answers.set(requestId, { ...answer, ended });
    notify(requestId);
  };

  const offs = [
    api.on('chat.delta', ({ requestId, content, reasoning }) => {
      if (!answers.has(requestId)) return;
      const queued = pending.get(requestId);
      if (queued) {
        queued.content += content;
        queued.reasoning += reasoning;
      } else {
        pending.set(requestId, { content, reasoning });
      }
      cancelFrame ??= scheduleFrame(flush);
    }),
    api.on('chat.done', (done) => end(done.requestId, { kind: 'done', done })),
    api.on('chat.error', (error) => end(error.requestId, { kind: 'error', error })),
  ];

  return {
    track(requestId) {
      if (answers.has(requestId)) return;
      answers.set(requestId, {
        content: '',
        reasoning: '',
        reasoningStartedAt: null,
        contentStartedAt: null,
        ended: null,
      });
      notify(requestId);
    },
    release(requestId) {
      answers.delete(requestId);
      pending.delete(requestId);
      notify(requestId);
    },
    get: (requestId) => answers.get(requestId),
    subscribe(requestId, listener) {
      let set = listeners.get(requestId);
      if (!set) listeners.set(requestId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(requestId);
      };
    },
    endAll(error) {
      for (const [requestId, answer] of [...answers])
        if (!answer.ended) end(requestId, { kind: 'error', error: error(requestId) });
    },
    dispose() {
      cancelFrame?.();
      for (const off of offs) off();
    },
  };
}

/** The live state of one request, re-rendering only when that request changes. */
export function useLiveAnswer(store: StreamStore, requestId: string | null): LiveAnswer | undefined {
  const subscribe = useCallback(
    (listener: () => void) => (requestId ? store.subscribe(requestId, listener) : () => {}),
    [store, requestId],
  );
  return useSyncExternalStore(subscribe, () => (requestId ? store.get(requestId) : undefined));
}

const stores = new WeakMap<RendererApi, StreamStore>();

export const DROPPED_MESSAGE =
  'The connection to RouterDesk dropped while the answer was streaming. The text so far is kept; Usage shows what was billed.';

/** The one stream store of this window. A dropped connection ends every answer it was showing. */
export function streamsFor(api: RendererApi): StreamStore {
  let store = stores.get(api);
  if (!store) {
    const created = createStreamStore(api);
    api.connection.subscribe(() => {
      if (api.connection.status() === 'open') return;
      created.endAll((requestId) => ({
        requestId,
        ledgerId: null,
        messageId: null,
        error: { code: 'network', message: DROPPED_MESSAGE },
        usage: null,
      }));
    });
    stores.set(api, created);
    store = created;
  }
  return store;
}

/** Only whether (and how) a request has ended: a component using this ignores its deltas. */
export function useLiveEnded(store: StreamStore, requestId: string | null): LiveAnswer['ended'] {
  const subscribe = useCallback(
    (listener: () => void) => (requestId ? store.subscribe(requestId, listener) : () => {}),
    [store, requestId],
  );
  return useSyncExternalStore(subscribe, () => (requestId ? (store.get(requestId)?.ended ?? null) : null));
}
