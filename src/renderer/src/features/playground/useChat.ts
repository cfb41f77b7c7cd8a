/**
 * One streaming conversation. Listeners for the request's events are attached before
 * chat.start is called (the first delta can beat the call's own answer), deltas are batched into
 * one state update per animation frame, and every request ends in exactly one of done, stopped
 * or error, including when the connection to the core drops mid-answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape, ChatParams } from '../../../../shared/schemas';
import { ApiError, errorMessage, isApiError } from '../../api';
import { useApi, useConnectionStatus } from '../../api/ApiContext';
import { newRequestId } from '../../lib/requestId';
import { messagesToSend, type AssistantTurn, type Turn } from './conversation';

const DROPPED_MESSAGE =
  'The connection to RouterDesk dropped while the answer was streaming. The text so far is kept; Usage shows what was billed.';

interface Active {
  requestId: string;
  turnId: string;
  /** Ends the request on the client side: flushes text, detaches listeners, sets the status. */
  finish(patch: Partial<AssistantTurn>): void;
}

export interface SendRequest {
  text: string;
  model: string;
  params: ChatParams;
  systemPrompt: string;
}

export interface Chat {
  turns: Turn[];
  streaming: boolean;
  /** A failure of chat.start itself: nothing was sent, the message goes back to the composer. */
  startError: ApiError | null;
  /** Resolves false when chat.start failed. */
  send(request: SendRequest): Promise<boolean>;
  stop(): void;
  clear(): void;
  dismissStartError(): void;
}

let turnCounter = 0;
const nextTurnId = () => `turn-${++turnCounter}`;

export function useChat(): Chat {
  const api = useApi();
  const connection = useConnectionStatus();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const active = useRef<Active | null>(null);
  const turnsRef = useRef(turns);
  useEffect(() => {
    turnsRef.current = turns;
  }, [turns]);

  const updateTurn = useCallback((id: string, update: (turn: AssistantTurn) => AssistantTurn) => {
    setTurns((list) => list.map((t) => (t.id === id && t.role === 'assistant' ? update(t) : t)));
  }, []);

  const send = useCallback(
    async ({ text, model, params, systemPrompt }: SendRequest): Promise<boolean> => {
      if (active.current) return false;
      const requestId = newRequestId();
      const userTurn: Turn = { id: nextTurnId(), role: 'user', content: text };
      const answer: AssistantTurn = {
        id: nextTurnId(),
        role: 'assistant',
        requestId,
        model,
        content: '',
        reasoning: '',
        status: 'streaming',
        done: null,
        error: null,
        usage: null,
      };
      const messages = messagesToSend([...turnsRef.current, userTurn], systemPrompt);

      let pendingContent = '';
      let pendingReasoning = '';
      let frame = 0;
      const flush = () => {
        frame = 0;
        if (!pendingContent && !pendingReasoning) return;
        const content = pendingContent;
        const reasoning = pendingReasoning;
        pendingContent = '';
        pendingReasoning = '';
        updateTurn(answer.id, (t) => ({ ...t, content: t.content + content, reasoning: t.reasoning + reasoning }));
      };

      const unsubscribe: Array<() => void> = [];
      const finish = (patch: Partial<AssistantTurn>) => {
        if (active.current?.requestId !== requestId) return;
        active.current = null;
        if (frame) cancelAnimationFrame(frame);
        flush();
        for (const off of unsubscribe) off();
        updateTurn(answer.id, (t) => ({ ...t, ...patch }));
        setStreaming(false);
      };

      unsubscribe.push(
        api.on('chat.delta', (delta) => {
          if (delta.requestId !== requestId) return;
          pendingContent += delta.content;
          pendingReasoning += delta.reasoning;
          if (!frame) frame = requestAnimationFrame(flush);
        }),
        api.on('chat.done', (done) => {
          if (done.requestId === requestId) finish({ status: 'done', done });
        }),
        api.on('chat.error', ({ requestId: id, error, usage }) => {
          if (id !== requestId) return;
          finish({ status: error.code === 'cancelled' ? 'stopped' : 'error', error, usage });
        }),
      );
      active.current = { requestId, turnId: answer.id, finish };
      setStartError(null);
      setStreaming(true);
      setTurns((list) => [...list, userTurn, answer]);

      try {
        await api.call('chat.start', { requestId, model, messages, params });
        return true;
      } catch (e) {
        if (active.current?.requestId === requestId) {
          active.current = null;
          if (frame) cancelAnimationFrame(frame);
          for (const off of unsubscribe) off();
          setStreaming(false);
        }
        // Nothing was sent: take the turn back so the message can be fixed and sent again.
        setTurns((list) => list.filter((t) => t.id !== userTurn.id && t.id !== answer.id));
        setStartError(
          isApiError(e) ? e : new ApiError({ code: 'internal', message: errorMessage(e) }),
        );
        return false;
      }
    },
    [api, updateTurn],
  );

  const stop = useCallback(() => {
    const current = active.current;
    if (!current) return;
    // The core answers with chat.error 'cancelled', which marks the answer as stopped.
    api.call('chat.cancel', { requestId: current.requestId }).then(
      ({ cancelled }) => {
        // Already over on the core's side; its terminal event is on the way or lost.
        if (!cancelled) setTimeout(() => current.finish({ status: 'stopped' }), 1000);
      },
      (e: unknown) => {
        const error: AppErrorShape = { code: 'internal', message: errorMessage(e) };
        current.finish({ status: 'error', error: isApiError(e) ? { code: e.code, message: e.message } : error });
      },
    );
  }, [api]);

  const clear = useCallback(() => {
    stop();
    active.current?.finish({ status: 'stopped' });
    setTurns([]);
    setStartError(null);
  }, [stop]);

  // A dropped socket takes the rest of the stream with it; say so instead of spinning forever.
  useEffect(() => {
    if (connection !== 'open' && active.current) {
      active.current.finish({ status: 'error', error: { code: 'network', message: DROPPED_MESSAGE } });
    }
  }, [connection]);

  // Leaving for good (the window closes): stop paying for an answer nobody will see.
  useEffect(
    () => () => {
      const current = active.current;
      if (current) void api.call('chat.cancel', { requestId: current.requestId }).catch(() => {});
    },
    [api],
  );

  return {
    turns,
    streaming,
    startError,
    send,
    stop,
    clear,
    dismissStartError: useCallback(() => setStartError(null), []),
  };
}
