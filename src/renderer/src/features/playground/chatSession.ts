/**
 * The Playground's conversation, kept outside React so it survives a visit to another screen
 * (an answer keeps streaming while the user looks at Usage) and so its rules are testable.
 *
 * - Listeners for a request's events are attached before chat.start is called: the first delta
 *   can arrive before the call's own answer.
 * - Deltas are batched into one state change per animation frame.
 * - Every request ends in exactly one of done, stopped or error, including when the connection
 *   to the core drops mid-answer (then no terminal event will ever come).
 * - Nothing is sent while the connection is not open: the call would only wait in a queue and
 *   fail half a minute later, looking like a stuck answer meanwhile.
 * - A failed answer can be retried in place or taken back into the message box for editing.
 */
import type { AppErrorShape, ChatParams } from '../../../../shared/schemas';
import { ApiError, errorMessage, isApiError, type RendererApi } from '../../api';
import { pausedReason } from '../../api/connectionGate';
import { newRequestId } from '../../lib/requestId';
import { messagesToSend, promptOf, type AssistantTurn, type Turn, type UserTurn } from './conversation';

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

/** The request settings a message goes out with. */
export interface SendSettings {
  model: string;
  params: ChatParams;
  systemPrompt: string;
}

export interface SendRequest extends SendSettings {
  text: string;
}

export interface ChatSession {
  get(): ChatState;
  subscribe(listener: () => void): () => void;
  updateDraft(patch: Partial<Draft>): void;
  /** Resolves false when chat.start failed or could not be made (see startError). */
  send(request: SendRequest): Promise<boolean>;
  /**
   * Sends the message of a failed answer again with the given settings; the new answer takes
   * the failed pair's place. If it cannot even start, the failed pair comes back.
   */
  retry(answerId: string, settings: SendSettings): Promise<boolean>;
  /** Takes a failed answer and its message out of the transcript and puts the message in the box. */
  edit(answerId: string): void;
  stop(): void;
  /** Stops any answer in progress and empties the transcript. */
  clear(): void;
  dismissStartError(): void;
}

export interface ChatSessionOptions {
  initialModel?: string;
  /** A conversation saved before the page was reloaded (see savedSession.ts). */
  restored?: { turns: Turn[]; draft: Draft } | null;
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
  const restored = options.restored ?? null;
  let state: ChatState = {
    turns: restored?.turns ?? [],
    streaming: false,
    startError: null,
    draft: restored?.draft ?? {
      model: options.initialModel ?? '',
      temperature: '',
      maxTokens: '',
      systemPrompt: '',
      message: '',
    },
  };
  let active: Active | null = null;
  // New turn ids continue after the restored ones, so none repeats.
  let turnCounter = state.turns.reduce((max, t) => Math.max(max, Number(/^turn-(\d+)$/.exec(t.id)?.[1] ?? 0)), 0);
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
  function fillUsageFromLedger(turnId: string, ledgerId: number) {
    api.call('ledger.get', { id: ledgerId }).then(
      (entry) => {
        if (!entry || entry.cost === null) return;
        updateAnswer(turnId, (t) => ({
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
  }

  api.on('ledger.changed', ({ ledgerId }) => {
    const turn = state.turns.find((t) => t.role === 'assistant' && t.ledgerId === ledgerId);
    if (!turn || turn.role !== 'assistant' || turn.done || turn.status === 'streaming') return;
    fillUsageFromLedger(turn.id, ledgerId);
  });

  // Answers cut off by a reload: the core cancelled them when the old page's socket closed.
  for (const turn of state.turns) {
    if (turn.role === 'assistant' && turn.note && turn.ledgerId != null) fillUsageFromLedger(turn.id, turn.ledgerId);
  }

  api.connection.subscribe(() => {
    if (api.connection.status() !== 'open' && active) {
      active.finish({ status: 'error', error: { code: 'network', message: DROPPED_MESSAGE } });
    }
  });

  /** Where a new pair goes: after everything, or in place of a failed pair. */
  type Placement = { kind: 'append' } | { kind: 'replace'; prompt: UserTurn; failed: AssistantTurn };

  /** Refuses to start while the connection is not open, saying why. */
  function connectionBlocks(): boolean {
    const reason = pausedReason(api.connection.status(), 'send');
    if (reason === null) return false;
    set({ startError: new ApiError({ code: 'network', message: reason }) });
    return true;
  }

  async function start(
    text: string,
    { model, params, systemPrompt }: SendSettings,
    placement: Placement,
  ): Promise<boolean> {
    if (active) return false;
    if (connectionBlocks()) return false;
    const requestId = newRequestId();
    const userTurn: UserTurn = { id: `turn-${++turnCounter}`, role: 'user', content: text };
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
    const turnsBefore = state.turns;
    const at = placement.kind === 'replace' ? turnsBefore.indexOf(placement.prompt) : turnsBefore.length;
    const history = turnsBefore.slice(0, at);
    const after = placement.kind === 'replace' ? turnsBefore.slice(at + 2) : [];
    const messages = messagesToSend([...history, userTurn], systemPrompt);

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
      turns: [...history, userTurn, answer, ...after],
      streaming: true,
      startError: null,
      // A retry leaves whatever is being typed alone.
      draft: placement.kind === 'append' ? { ...state.draft, message: '' } : state.draft,
    });

    try {
      const started = await api.call('chat.start', { requestId, model, messages, params });
      // Known now, so a stop or a reload can still find what this answer was billed.
      if (started) updateAnswer(answer.id, (t) => ({ ...t, ledgerId: t.ledgerId ?? started.ledgerId }));
      return true;
    } catch (e) {
      if (active?.requestId === requestId) {
        active = null;
        detach();
      }
      const without = state.turns.filter((t) => t.id !== userTurn.id && t.id !== answer.id);
      if (placement.kind === 'replace') {
        // Nothing was sent: the failed pair goes back where it was.
        const i = Math.min(at, without.length);
        set({
          turns: [...without.slice(0, i), placement.prompt, placement.failed, ...without.slice(i)],
          streaming: false,
          startError: asApiError(e),
        });
        return false;
      }
      // Nothing was sent: take the turn back and return the text, so it can be fixed and resent.
      set({
        turns: without,
        streaming: false,
        startError: asApiError(e),
        draft: { ...state.draft, message: state.draft.message || text },
      });
      return false;
    }
  }

  function send({ text, ...settings }: SendRequest): Promise<boolean> {
    return start(text, settings, { kind: 'append' });
  }

  /** A failed answer and the message it replied to, if `answerId` names one. */
  function failedPair(answerId: string): { prompt: UserTurn; failed: AssistantTurn } | null {
    const failed = state.turns.find((t) => t.id === answerId);
    const prompt = promptOf(state.turns, answerId);
    if (!failed || failed.role !== 'assistant' || failed.status !== 'error' || !prompt) return null;
    return { prompt, failed };
  }

  function retry(answerId: string, settings: SendSettings): Promise<boolean> {
    const pair = failedPair(answerId);
    if (!pair) return Promise.resolve(false);
    return start(pair.prompt.content, settings, { kind: 'replace', ...pair });
  }

  function edit(answerId: string): void {
    const pair = failedPair(answerId);
    if (!pair) return;
    const typed = state.draft.message;
    set({
      turns: state.turns.filter((t) => t !== pair.prompt && t !== pair.failed),
      startError: null,
      // Whatever was being typed stays, below the message taken back.
      draft: { ...state.draft, message: typed.trim() ? `${pair.prompt.content}\n\n${typed}` : pair.prompt.content },
    });
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
    retry,
    edit,
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
