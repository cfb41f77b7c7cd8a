import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, ConversationSettings, StoredMessage } from '@shared/conversations';
import { formatUsd } from '@shared/format';
import type { AppErrorShape, ChatParams } from '@shared/schemas';
import { ApiError, errorMessage, isApiError } from '../../api';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { useCatalog } from '../../api/catalog';
import { callKey, useCall } from '../../api/queries';
import { streamsFor, useLiveEnded } from '../../api/streams';
import { ScreenTitle } from '../../app/ScreenTitle';
import { ErrorAlert } from '../../components/Alert';
import { Busy } from '../../components/Spinner';
import { newRequestId } from '../../lib/requestId';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { pickDefaultModel } from './defaultModel';
import { readDraft, writeDraft } from './drafts';
import {
  countInput,
  describeEstimate,
  estimateCost,
  loadTokenizer,
  tokenizerReady,
  type TokenCounter,
} from './estimate';
import { recentModels } from './modelSearch';
import { ParamsPanel } from './ParamsPanel';
import { Presets } from './Presets';
import { checkForm, formFromParams, offeredFor, type ParamForm } from './paramsForm';
import { ShortcutsDialog, usePlaygroundShortcuts } from './shortcuts';
import { autoRetryDelay, conversationCost, switchAlternative, threadView, type ThreadRow } from './thread';
import { Transcript, type MessageActions, type RetryCountdown } from './Transcript';
import './playground.css';

/** Errors that only a change in Settings can fix. */
const SETTINGS_ERRORS = new Set(['no_key', 'unauthorized', 'invalid_key_format', 'keychain_unavailable']);

export function PlaygroundRoute() {
  const params = useParams({ strict: false }) as { conversationId?: number };
  const search = useSearch({ strict: false }) as { message?: number; model?: string };
  const conversationId = params.conversationId ?? null;
  const searchRef = useRef<HTMLInputElement>(null);
  const [drawer, setDrawer] = useState<'none' | 'conversations' | 'params'>('none');
  // Opening a conversation from the list's panel closes the panel.
  const [shownId, setShownId] = useState(conversationId);
  if (shownId !== conversationId) {
    setShownId(conversationId);
    if (drawer === 'conversations') setDrawer('none');
  }
  // A new chat that creates its conversation keeps its pane (a streaming answer, a retry
  // countdown) when the URL moves to the conversation; any other change of URL opens a fresh one.
  const [adopted, setAdopted] = useState<{ id: number; key: string; arrived: boolean } | null>(null);
  // Until the URL has reached the new conversation, the pane keeps its key either way.
  if (adopted && !adopted.arrived && conversationId === adopted.id) setAdopted({ ...adopted, arrived: true });
  const newKey = !adopted ? 'new' : adopted.arrived ? `new-after-${adopted.id}` : adopted.key;
  const paneKey =
    conversationId === null ? newKey : adopted?.id === conversationId ? adopted.key : `conversation-${conversationId}`;

  return (
    <div
      className={`screen screen-fill playground drawer-${drawer}`}
      onKeyDown={(e) => {
        // Escape closes an open panel first (a stream is stopped by the next Escape).
        if (e.key === 'Escape' && drawer !== 'none' && window.matchMedia('(max-width: 1240px)').matches) {
          e.preventDefault();
          e.stopPropagation();
          setDrawer('none');
        }
      }}
    >
      <ConversationList ref={searchRef} activeId={conversationId} />
      <ChatPane
        key={paneKey}
        conversationId={conversationId}
        onCreated={(id) => setAdopted({ id, key: newKey, arrived: false })}
        jumpTo={search.message ?? null}
        initialModel={search.model ?? null}
        searchRef={searchRef}
        drawer={drawer}
        onDrawer={setDrawer}
      />
    </div>
  );
}

function ChatPane({
  conversationId,
  jumpTo,
  initialModel,
  searchRef,
  drawer,
  onDrawer,
  onCreated,
}: {
  conversationId: number | null;
  onCreated: (id: number) => void;
  jumpTo: number | null;
  initialModel: string | null;
  searchRef: React.RefObject<HTMLInputElement | null>;
  drawer: 'none' | 'conversations' | 'params';
  onDrawer: (d: 'none' | 'conversations' | 'params') => void;
}) {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const streams = streamsFor(api);
  const settings = useCall('settings.get');
  const catalog = useCatalog();
  const conversations = useCall('conversations.list', { archived: false });
  const invalidId = conversationId !== null && conversationId < 1;
  const stored = useCall(
    'conversations.get',
    { id: conversationId ?? 1 },
    { enabled: conversationId !== null && !invalidId },
  );
  const conversation = conversationId === null ? null : (stored.data ?? null);
  const sendPaused = usePausedReason('send');
  const sendKey = settings.data?.sendKey ?? 'enter';

  const models = catalog.result?.models;
  const recent = useMemo(() => recentModels(conversations.data ?? []), [conversations.data]);
  const defaultModel = useMemo(
    () => pickDefaultModel(models ?? [], settings.data?.defaultModel ?? ''),
    [models, settings.data?.defaultModel],
  );

  // What the next message goes out with: the conversation's settings, or a new chat's defaults,
  // with the user's unsaved edits on top.
  const [edited, setEdited] = useState<Partial<ConversationSettings>>({});
  const base: ConversationSettings = conversation?.settings ?? {
    model: initialModel ?? defaultModel,
    params: {},
    systemPrompt: '',
  };
  const model = edited.model ?? (base.model || defaultModel);
  const systemPrompt = edited.systemPrompt ?? base.systemPrompt;
  const [form, setFormState] = useState<ParamForm | null>(null);
  const shownForm = form ?? formFromParams(base.params);
  const chosen = catalog.byId.get(model.trim()) ?? null;
  const offered = useMemo(() => offeredFor(chosen), [chosen]);
  const check = useMemo(() => checkForm(shownForm, offered, chosen), [shownForm, offered, chosen]);

  // Settings edits are saved with the conversation (a new chat saves them when it is created).
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Edits made in quick succession (a preset sets three at once) are saved together.
  const pendingSave = useRef<Partial<ConversationSettings>>({});
  const persist = useCallback(
    (patch: Partial<ConversationSettings>) => {
      if (conversationId === null) return;
      pendingSave.current = { ...pendingSave.current, ...patch };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => {
        const settings = pendingSave.current;
        pendingSave.current = {};
        api.call('conversations.update', { id: conversationId, settings }).catch(() => {});
      }, 400);
    },
    [api, conversationId],
  );
  const setModel = (id: string) => {
    setEdited((e) => ({ ...e, model: id }));
    persist({ model: id });
  };
  const setSystemPrompt = (text: string) => {
    setEdited((e) => ({ ...e, systemPrompt: text }));
    persist({ systemPrompt: text });
  };
  const setForm = (next: ParamForm) => {
    setFormState(next);
    const result = checkForm(next, offered, chosen);
    if (result.params) persist({ params: result.params });
  };

  const view = useMemo(() => threadView(conversation ?? { messages: [], activeLeafId: null }), [conversation]);
  const streamingMessage = view.rows.find((r) => r.message.status === 'streaming')?.message ?? null;
  // Re-renders when that answer ends, not on each of its deltas.
  const ended = useLiveEnded(streams, streamingMessage?.requestId ?? null);
  const streaming = streamingMessage !== null && ended === null;

  const [draft, setDraftState] = useState(() => readDraft(conversationId));
  const setDraft = (text: string) => {
    setDraftState(text);
    writeDraft(conversationId, text);
  };
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const createdId = useRef<number | null>(null);
  /** Requests started from this pane, with the user message each answers (for retries). */
  const startedHere = useRef(new Map<string, number>());
  const armRetryRef = useRef<(parentId: number, error: AppErrorShape, messageId: number | null) => void>(() => {});
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const modelRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) messageRef.current?.focus();
  }, []);

  /** The parameters to send, or null after saying (and focusing) what to fix. */
  function readyToSend(): { model: string; params: ChatParams } | null {
    if (!model.trim()) {
      setFormError('Choose a model first: search for one in the Model field.');
      modelRef.current?.focus();
      return null;
    }
    if (!check.params) {
      setFormError(Object.values(check.errors)[0] ?? 'Check the request settings.');
      onDrawer('params');
      return null;
    }
    setFormError(null);
    return { model: model.trim(), params: check.params };
  }

  const showLeaf = useCallback(
    (id: number, leafId: number | null) => {
      client.setQueryData<Conversation>(callKey('conversations.get', { id }), (c) =>
        c ? { ...c, activeLeafId: leafId } : c,
      );
    },
    [client],
  );

  /** Starts an answer in this conversation: under `parentId`, after a new user message if given. */
  const start = useCallback(
    async (parentId: number | null, userContent: string | undefined): Promise<boolean> => {
      const ready = readyToSend();
      if (!ready || starting || sendPaused) return false;
      setStarting(true);
      setStartError(null);
      const requestId = newRequestId();
      try {
        let id = conversationId ?? createdId.current;
        if (id === null) {
          const created = await api.call('conversations.create', {
            settings: { model: ready.model, params: ready.params, systemPrompt },
          });
          id = created.id;
          createdId.current = id;
        }
        streams.track(requestId);
        const started = await api.call('chat.start', {
          requestId,
          model: ready.model,
          params: ready.params,
          ...(systemPrompt.trim() ? { systemPrompt } : {}),
          thread: { conversationId: id, parentId, ...(userContent !== undefined ? { userContent } : {}) },
        });
        // An error before the first token can arrive before chat.start returns.
        const endedEarly = streams.get(requestId)?.ended;
        if (endedEarly?.kind === 'error' && started.userMessageId !== null) {
          armRetryRef.current(started.userMessageId, endedEarly.error.error, endedEarly.error.messageId);
        } else if (started.userMessageId !== null) {
          startedHere.current.set(requestId, started.userMessageId);
        }
        if (started.assistantMessageId !== null) showLeaf(id, started.assistantMessageId);
        if (conversationId === null) {
          writeDraft(null, '');
          onCreated(id);
          void navigate({ to: '/chat/$conversationId', params: { conversationId: id }, replace: true });
        }
        return true;
      } catch (e) {
        streams.release(requestId);
        setStartError(isApiError(e) ? e : new ApiError({ code: 'internal', message: errorMessage(e) }));
        return false;
      } finally {
        setStarting(false);
      }
    },
    // readyToSend reads the latest render's values; see `latest` below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, conversationId, navigate, onCreated, sendPaused, showLeaf, starting, streams, systemPrompt, model, check],
  );

  async function send() {
    if (!draft.trim() || streaming || starting || sendPaused) return;
    const text = draft;
    if (await start(view.leafId, text)) setDraft('');
  }

  const stop = useCallback(() => {
    const requestId = streamingMessage?.requestId;
    if (requestId) api.call('chat.cancel', { requestId }).catch(() => {});
  }, [api, streamingMessage]);

  // Automatic retry after a rate limit or an overloaded provider, with a countdown. Only for
  // requests started here: another window's failed answer is its own to retry.
  const [retry, setRetry] = useState<(RetryCountdown & { parentId: number; deadline: number; attempt: number }) | null>(
    null,
  );
  const attempts = useRef(new Map<number, number>());
  const regenerateRef = useRef<(userMessageId: number) => void>(() => {});
  const armRetry = useCallback((parentId: number, error: AppErrorShape, messageId: number | null) => {
    const attempt = attempts.current.get(parentId) ?? 0;
    const delay = autoRetryDelay(error, attempt);
    if (delay === null || messageId === null) return;
    setRetry({ messageId, parentId, attempt, secondsLeft: delay, deadline: Date.now() + delay * 1000 });
  }, []);
  useLayoutEffect(() => {
    armRetryRef.current = armRetry;
  });
  useEffect(
    () =>
      api.on('chat.error', ({ requestId, error, messageId }) => {
        const parentId = startedHere.current.get(requestId);
        if (parentId === undefined) return;
        startedHere.current.delete(requestId);
        armRetry(parentId, error, messageId);
      }),
    [api, armRetry],
  );
  useEffect(() => {
    if (!retry) return;
    const timer = setInterval(() => {
      const left = Math.ceil((retry.deadline - Date.now()) / 1000);
      if (left > 0) {
        if (left !== retry.secondsLeft) setRetry({ ...retry, secondsLeft: left });
        return;
      }
      clearInterval(timer);
      setRetry(null);
      attempts.current.set(retry.parentId, retry.attempt + 1);
      regenerateRef.current(retry.parentId);
    }, 200);
    return () => clearInterval(timer);
  }, [retry]);

  const regenerate = async (userMessageId: number) => {
    if (streaming) return;
    setRetry(null);
    await start(userMessageId, undefined);
  };
  useLayoutEffect(() => {
    regenerateRef.current = (id) => void regenerate(id);
  });

  const latest = useRef({ regenerate, start, view, conversationId });
  useLayoutEffect(() => {
    latest.current = { regenerate, start, view, conversationId };
  });
  const actions = useMemo<MessageActions>(
    () => ({
      regenerate: (id) => void latest.current.regenerate(id),
      editAndSend: (message: StoredMessage, text: string) => void latest.current.start(message.parentId, text),
      switchAlternative: (row: ThreadRow, step) => {
        const { view: v, conversationId: id } = latest.current;
        const leaf = switchAlternative(v, row, step);
        if (leaf === null || id === null) return;
        showLeaf(id, leaf);
        api.call('conversations.update', { id, activeLeafId: leaf }).catch(() => {});
      },
      cancelRetry: () => setRetry(null),
    }),
    [api, showLeaf],
  );

  // The cost of sending the draft. The history is counted once per change of the branch, the
  // draft as typing allows (a deferred value), with the tokenizer once it has loaded.
  const [counter, setCounter] = useState<TokenCounter | null>(() => tokenizerReady());
  useEffect(() => {
    let live = true;
    loadTokenizer().then(
      (count) => live && setCounter(() => count),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  const historyTexts = useMemo(
    () => [systemPrompt, ...view.rows.map((r) => r.message.content)].filter(Boolean),
    [systemPrompt, view.rows],
  );
  const historyCount = useMemo(() => countInput(historyTexts, counter), [historyTexts, counter]);
  const deferredDraft = useDeferredValue(draft);
  const estimate = useMemo(() => {
    if (!chosen || !deferredDraft.trim()) return null;
    const draftCount = countInput([deferredDraft], counter);
    const input = {
      tokens: historyCount.tokens + draftCount.tokens,
      counted: historyCount.counted && draftCount.counted,
    };
    return describeEstimate(estimateCost(chosen, input, check.params?.max_tokens));
  }, [chosen, deferredDraft, counter, historyCount, check.params?.max_tokens]);

  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const rootRef = useRef<HTMLElement>(null);
  usePlaygroundShortcuts(rootRef, {
    stop: streaming ? stop : null,
    newChat: () => void navigate({ to: '/chat' }),
    focusSearch: () => searchRef.current?.focus(),
    focusModel: () => {
      onDrawer('params');
      modelRef.current?.focus();
    },
    regenerate: () => {
      const last = [...view.rows].reverse().find((r) => r.message.role === 'user');
      if (last) void regenerate(last.message.id);
    },
    alternative: (step) => {
      const last = [...view.rows].reverse().find((r) => r.alternative.count > 1);
      if (last) actions.switchAlternative(last, step);
    },
    showShortcuts: () => setShortcutsOpen(true),
  });

  const cost = conversation ? conversationCost(conversation.messages) : null;
  const title = conversation ? conversation.title || 'Untitled' : conversationId === null ? 'New chat' : 'Conversation';
  const notFound = invalidId || (stored.error && isApiError(stored.error) && stored.error.code === 'not_found');

  return (
    <section ref={rootRef} className="chat-pane" aria-label="Chat">
      <header className="screen-header chat-header">
        <div className="chat-title">
          <ScreenTitle>{title}</ScreenTitle>
          {conversation && conversation.totalCost > 0 ? (
            <span className="muted small tabular" title="Every answer on every branch, and the title">
              Total {formatUsd(conversation.totalCost)}
              {cost?.estimated ? ' (partly estimated)' : ''}
            </span>
          ) : null}
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="button drawer-toggle"
            aria-expanded={drawer === 'conversations'}
            onClick={() => onDrawer(drawer === 'conversations' ? 'none' : 'conversations')}
          >
            Conversations
          </button>
          <button
            type="button"
            className="button drawer-toggle"
            aria-expanded={drawer === 'params'}
            onClick={() => onDrawer(drawer === 'params' ? 'none' : 'params')}
          >
            Parameters
          </button>
          <button type="button" className="button" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?">
            Shortcuts
          </button>
        </div>
      </header>

      <div className="chat-body">
        <div className="conversation-column">
          {notFound ? (
            <ErrorAlert message="This conversation no longer exists: it was deleted, or the link is wrong. Start a new chat or pick one from the list." />
          ) : stored.error ? (
            <ErrorAlert message={errorMessage(stored.error)} />
          ) : conversationId !== null && stored.isPending ? (
            <Busy label="Opening the conversation…" />
          ) : (
            <Transcript
              rows={view.rows}
              streams={streams}
              actions={actions}
              busy={streaming || starting || sendPaused !== null}
              jumpTo={jumpTo}
              retry={retry}
            />
          )}

          {formError ? <ErrorAlert message={formError} /> : null}
          {startError ? (
            <ErrorAlert message={startError.message}>
              {SETTINGS_ERRORS.has(startError.code) ? (
                <a className="button button-small" href="#/settings">
                  Open Settings
                </a>
              ) : null}
            </ErrorAlert>
          ) : null}
          <Composer
            inputRef={messageRef}
            text={draft}
            onText={(text) => {
              setDraft(text);
              setFormError(null);
            }}
            onSend={() => void send()}
            onStop={stop}
            streaming={streaming}
            starting={starting}
            paused={sendPaused}
            sendKey={sendKey}
            estimate={estimate}
          />
        </div>

        <ParamsPanel
          model={model}
          chosen={chosen}
          models={models ?? []}
          recent={recent}
          catalogLoaded={catalog.result !== null}
          onModel={(id) => {
            setModel(id);
            setFormError(null);
          }}
          form={shownForm}
          offered={offered}
          check={check}
          onForm={(next) => {
            setForm(next);
            setFormError(null);
          }}
          systemPrompt={systemPrompt}
          onSystemPrompt={setSystemPrompt}
          modelRef={modelRef}
          presets={
            <Presets
              current={check.params ? { model: model.trim(), params: check.params, systemPrompt } : null}
              onApply={(preset) => {
                setModel(preset.settings.model);
                setSystemPrompt(preset.settings.systemPrompt);
                const next = formFromParams(preset.settings.params);
                setFormState(next);
                persist({ params: preset.settings.params });
              }}
            />
          }
        />
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} sendKey={sendKey} />
    </section>
  );
}
