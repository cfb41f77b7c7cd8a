/**
 * The Playground's conversation, kept outside React so it survives a visit to another screen
 * (an answer keeps streaming while the user looks at Usage) and so its rules are testable.
 *
 * - Listeners for a request's events are attached before chat.start is called: the first delta
 *   can arrive before the call's own answer.
 * - Deltas are batched into one state change per animation frame.
 * - Every request ends in exactly one of done, stopped or error, including when the connection
 *   to the core drops mid-answer (then no terminal event will ever come).
 */
import type { AppErrorShape, ChatParams } from '../../../../shared/schemas';
import { ApiError, errorMessage, isApiError, type RendererApi } from '../../api';
import { newRequestId } from '../../lib/requestId';
import { messagesToSend, type AssistantTurn, type Turn } from './conversation';

export const DROPPED_MESSAGE =
  'The connection to RouterDesk dropped while the answer was streaming. The text so far is kept; Usage shows what was billed.';

/** What the user has typed but not sent yet; kept here so it survives leaving the screen. */
export interface Draft {
  model: string;
  temperature: string;
  maxTokens: string;
  systemPrompt: string;
  message: string;
}

export interface ChatState {
  turns: Turn[];
  streaming: boolean;
  /** A failure of chat.start itself: nothing was sent and the message went back to the draft. */
  startError: ApiError | null;
  draft: Draft;
}

export interface SendRequest {
  text: string;
  model: string;
  params: ChatParams;
  systemPrompt: string;
}

export interface ChatSession {
  get(): ChatState;
  subscribe(listener: () => void): () => void;
  updateDraft(patch: Partial<Draft>): void;
  /** Resolves false when chat.start failed (see startError). */
  send(request: SendRequest): Promise<boolean>;
  stop(): void;
  /** Stops any answer in progress and empties the transcript. */
  clear(): void;
  dismissStartError(): void;
}

export interface ChatSessionOptions {
  initialModel?: string;
  /** Runs `fn` before the next paint; returns a cancel function. */
  scheduleFrame?: (fn: () => void) => () => void;
  /** After a cancel the core says was not needed, wait this long for its terminal event. */
  stopGraceMs?: number;
}

interface Active {
  requestId: string;
  finish(patch: Partial<AssistantTurn>): void;
}

function animationFrame(fn: () => void): () => void {
  const handle = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(handle);
}

function asApiError(e: unknown): ApiError {
  return isApiError(e) ? e : new ApiError({ code: 'internal', message: errorMessage(e) });
}

export function createChatSession(api: RendererApi, options: ChatSessionOptions = {}): ChatSession {
  const scheduleFrame = options.scheduleFrame ?? animationFrame;
  const stopGraceMs = options.stopGraceMs ?? 1500;
  let state: ChatState = {
    turns: [],
    streaming: false,
    startError: null,
    draft: { model: options.initialModel ?? '', temperature: '', maxTokens: '', systemPrompt: '', message: '' },
  };
  let active: Active | null = null;
  let turnCounter = 0;
  const listeners = new Set<() => void>();

  function set(patch: Partial<ChatState>) {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  }

  function updateAnswer(id: string, update: (turn: AssistantTurn) => AssistantTurn) {
    set({ turns: state.turns.map((t) => (t.id === id && t.role === 'assistant' ? update(t) : t)) });
  }

  // A stopped or failed answer is still billed for what was generated; OpenRouter reports that a
  // few seconds later and the core fills in the ledger row, so show it under the answer too.
  api.on('ledger.changed', ({ ledgerId }) => {
    const turn = state.turns.find((t) => t.role === 'assistant' && t.ledgerId === ledgerId);
    if (!turn || turn.role !== 'assistant' || turn.done) return;
    api.call('ledger.get', { id: ledgerId }).then(
      (entry) => {
        if (!entry || entry.cost === null) return;
        updateAnswer(turn.id, (t) => ({
          ...t,
          usage: {
            promptTokens: entry.promptTokens,
            completionTokens: entry.completionTokens,
            reasoningTokens: entry.reasoningTokens,
            cachedTokens: entry.cachedTokens,
            cost: entry.cost,
          },
        }));
      },
      () => {},
    );
  });

  api.connection.subscribe(() => {
    if (api.connection.status() !== 'open' && active) {
      active.finish({ status: 'error', error: { code: 'network', message: DROPPED_MESSAGE } });
    }
  });

  async function send({ text, model, params, systemPrompt }: SendRequest): Promise<boolean> {
    if (active) return false;
    const requestId = newRequestId();
    const userTurn: Turn = { id: `turn-${++turnCounter}`, role: 'user', content: text };
    const answer: AssistantTurn = {
      id: `turn-${++turnCounter}`,
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
    const messages = messagesToSend([...state.turns, userTurn], systemPrompt);

    let pendingContent = '';
    let pendingReasoning = '';
    let cancelFrame: (() => void) | null = null;
    const flush = () => {
      cancelFrame = null;
      if (!pendingContent && !pendingReasoning) return;
      const content = pendingContent;
      const reasoning = pendingReasoning;
      pendingContent = '';
      pendingReasoning = '';
      updateAnswer(answer.id, (t) => ({ ...t, content: t.content + content, reasoning: t.reasoning + reasoning }));
    };

    const unsubscribe: Array<() => void> = [];
    const detach = () => {
      cancelFrame?.();
      flush();
      for (const off of unsubscribe) off();
    };
    const finish = (patch: Partial<AssistantTurn>) => {
      if (active?.requestId !== requestId) return;
      active = null;
      detach();
      updateAnswer(answer.id, (t) => ({ ...t, ...patch }));
      set({ streaming: false });
    };

    unsubscribe.push(
      api.on('chat.delta', (delta) => {
        if (delta.requestId !== requestId) return;
        pendingContent += delta.content;
        pendingReasoning += delta.reasoning;
        cancelFrame ??= scheduleFrame(flush);
      }),
      api.on('chat.done', (done) => {
        if (done.requestId === requestId) finish({ status: 'done', done });
      }),
      api.on('chat.error', ({ requestId: id, ledgerId, error, usage }) => {
        if (id !== requestId) return;
        finish({ status: error.code === 'cancelled' ? 'stopped' : 'error', error, usage, ledgerId });
      }),
    );
    active = { requestId, finish };
    set({
      turns: [...state.turns, userTurn, answer],
      streaming: true,
      startError: null,
      draft: { ...state.draft, message: '' },
    });

    try {
      await api.call('chat.start', { requestId, model, messages, params });
      return true;
    } catch (e) {
      if (active?.requestId === requestId) {
        active = null;
        detach();
      }
      // Nothing was sent: take the turn back and return the text, so it can be fixed and resent.
      set({
        turns: state.turns.filter((t) => t.id !== userTurn.id && t.id !== answer.id),
        streaming: false,
        startError: asApiError(e),
        draft: { ...state.draft, message: state.draft.message || text },
      });
      return false;
    }
  }

  function stop() {
    const current = active;
    if (!current) return;
    // The core answers with chat.error 'cancelled', which marks the answer as stopped.
    api.call('chat.cancel', { requestId: current.requestId }).then(
      ({ cancelled }) => {
        // Already over on the core's side: its terminal event is on the way, or was lost.
        if (!cancelled) setTimeout(() => current.finish({ status: 'stopped' }), stopGraceMs);
      },
      (e: unknown) => {
        const error: AppErrorShape = { code: asApiError(e).code, message: errorMessage(e) };
        current.finish({ status: 'error', error });
      },
    );
  }

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    updateDraft(patch) {
      set({ draft: { ...state.draft, ...patch } });
    },
    send,
    stop,
    clear() {
      const current = active;
      if (current) {
        stop();
        current.finish({ status: 'stopped' });
      }
      set({ turns: [], startError: null });
    },
    dismissStartError() {
      set({ startError: null });
    },
  };
}
