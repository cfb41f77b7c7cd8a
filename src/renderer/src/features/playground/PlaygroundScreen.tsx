import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { formatPricePerMillion, formatTokens } from '../../../../shared/format';
import type { ModelSummary } from '../../../../shared/schemas';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { hrefFor } from '../../app/routes';
import { ScreenTitle } from '../../app/ScreenTitle';
import { ErrorAlert } from '../../components/Alert';
import { Busy } from '../../components/Spinner';
import { catalogStoreFor, useCatalogState } from '../catalog/catalogStore';
import type { SendSettings } from './chatSession';
import { answerMeta, checkParams, errorAction, type AssistantTurn, type Turn } from './conversation';
import { chatSessionFor, chooseModel, useChatState } from './playgroundSession';

/** Errors that only a change in Settings can fix. */
const SETTINGS_ERRORS = new Set(['no_key', 'unauthorized', 'invalid_key_format', 'keychain_unavailable']);

/** What a failed answer's buttons do; stable, so the transcript's bubbles need not re-render. */
interface AnswerActions {
  retry(answerId: string): void;
  edit(answerId: string): void;
}

export function PlaygroundScreen() {
  const api = useApi();
  const catalogStore = catalogStoreFor(api);
  const catalog = useCatalogState(catalogStore);
  const session = chatSessionFor(api);
  const chat = useChatState(session);
  const { model, temperature, maxTokens, systemPrompt, message } = chat.draft;
  const [formError, setFormError] = useState<string | null>(null);
  const sendPaused = usePausedReason('send');
  const datalistId = useId();
  const fieldIds = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const modelRef = useRef<HTMLInputElement>(null);
  const temperatureRef = useRef<HTMLInputElement>(null);
  const maxTokensRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    catalogStore.ensureLoaded();
    // Unless the sidebar just moved focus to the screen title, start in the message box.
    if (document.activeElement === document.body || document.activeElement === null) messageRef.current?.focus();
  }, [catalogStore]);

  const modelsById = useMemo(() => {
    const map = new Map<string, ModelSummary>();
    for (const m of catalog.result?.models ?? []) map.set(m.id, m);
    return map;
  }, [catalog.result]);
  const chosen = modelsById.get(model.trim()) ?? null;
  const check = checkParams(temperature, maxTokens, chosen);

  /** The settings to send with, or null after saying (and focusing) what to fix. */
  function readSettings(): SendSettings | null {
    if (!model.trim()) {
      setFormError('Choose a model first: type its id or pick one from the list.');
      modelRef.current?.focus();
      return null;
    }
    if (!check.params) {
      setFormError(check.errors.temperature ?? check.errors.maxTokens);
      (check.errors.temperature ? temperatureRef : maxTokensRef).current?.focus();
      return null;
    }
    setFormError(null);
    return { model: model.trim(), params: check.params, systemPrompt };
  }

  async function send() {
    if (!message.trim() || chat.streaming || sendPaused) return;
    const settings = readSettings();
    if (settings) await session.send({ text: message, ...settings });
  }

  function retry(answerId: string) {
    if (chat.streaming || sendPaused) return;
    const settings = readSettings();
    if (settings) void session.retry(answerId, settings);
  }

  function edit(answerId: string) {
    session.edit(answerId);
    setFormError(null);
    messageRef.current?.focus();
  }

  function newChat() {
    session.clear();
    setFormError(null);
    messageRef.current?.focus();
  }

  // Keyboard: Ctrl/Cmd+Enter sends from any field of this screen; Escape stops an answer.
  const latest = useRef({ send, retry, edit, stop: session.stop, streaming: chat.streaming });
  useLayoutEffect(() => {
    latest.current = { send, retry, edit, stop: session.stop, streaming: chat.streaming };
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Node ? e.target : null;
      const here = target !== null && (rootRef.current?.contains(target) || target === document.body);
      if (!here) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void latest.current.send();
      } else if (e.key === 'Escape' && latest.current.streaming) {
        e.preventDefault();
        latest.current.stop();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  const answerActions = useMemo<AnswerActions>(
    () => ({ retry: (id) => latest.current.retry(id), edit: (id) => latest.current.edit(id) }),
    [],
  );

  const startError = chat.startError;
  const temperatureErrorId = `${fieldIds}-temperature`;
  const maxTokensNoteId = `${fieldIds}-max-tokens`;
  const maxTokensNote = check.errors.maxTokens ?? check.maxTokensWarning;

  return (
    <div ref={rootRef} className="screen screen-fill playground">
      <header className="screen-header">
        <ScreenTitle>Playground</ScreenTitle>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            onClick={newChat}
            disabled={chat.turns.length === 0 && !chat.streaming}
          >
            New chat
          </button>
        </div>
      </header>

      <div className="playground-body">
        <section className="conversation-column" aria-label="Chat">
          <Transcript
            turns={chat.turns}
            streaming={chat.streaming}
            canRetry={!chat.streaming && sendPaused === null}
            actions={answerActions}
          />

          <div className="composer">
            {formError ? <ErrorAlert message={formError} /> : null}
            {startError ? (
              <ErrorAlert message={startError.message}>
                {SETTINGS_ERRORS.has(startError.code) ? (
                  <a className="button button-small" href={hrefFor('settings')}>
                    Open Settings
                  </a>
                ) : null}
              </ErrorAlert>
            ) : null}
            <label className="field">
              <span className="field-label">Message</span>
              <textarea
                ref={messageRef}
                className="message-input"
                rows={3}
                value={message}
                placeholder="Ask something…"
                onChange={(e) => session.updateDraft({ message: e.target.value })}
              />
            </label>
            <div className="composer-actions">
              <span className="muted small">
                {sendPaused ? (
                  <span className="paused-text">{sendPaused}</span>
                ) : chat.streaming ? (
                  <Busy label="Streaming… Esc stops" />
                ) : (
                  'Ctrl+Enter or ⌘+Enter sends'
                )}
              </span>
              <div className="toolbar">
                {chat.streaming ? (
                  <button type="button" className="button button-danger" onClick={session.stop}>
                    Stop
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => void send()}
                  disabled={chat.streaming || !message.trim() || sendPaused !== null}
                >
                  Send
                </button>
              </div>
            </div>
          </div>
        </section>

        <aside className="panel params-panel" aria-label="Request settings">
          <label className="field">
            <span className="field-label">Model</span>
            <input
              ref={modelRef}
              className="mono model-input"
              list={datalistId}
              value={model}
              placeholder="e.g. openai/gpt-5-mini"
              onChange={(e) => {
                chooseModel(session, e.target.value);
                setFormError(null);
              }}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <datalist id={datalistId}>
            {catalog.result?.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </datalist>
          <ModelFacts model={chosen} typed={model.trim()} catalogLoaded={catalog.result !== null} />

          <div className="field-row">
            <ParamField
              label="Temperature"
              inputRef={temperatureRef}
              inputMode="decimal"
              value={temperature}
              invalid={check.errors.temperature !== null}
              describedBy={check.errors.temperature ? temperatureErrorId : undefined}
              onChange={(value) => {
                session.updateDraft({ temperature: value });
                setFormError(null);
              }}
            />
            <ParamField
              label="Max tokens"
              inputRef={maxTokensRef}
              inputMode="numeric"
              value={maxTokens}
              invalid={check.errors.maxTokens !== null}
              describedBy={maxTokensNote ? maxTokensNoteId : undefined}
              onChange={(value) => {
                session.updateDraft({ maxTokens: value });
                setFormError(null);
              }}
            />
          </div>
          {check.errors.temperature ? (
            <p id={temperatureErrorId} className="field-message is-error small">
              {check.errors.temperature}
            </p>
          ) : null}
          {maxTokensNote ? (
            <p
              id={maxTokensNoteId}
              className={`field-message small ${check.errors.maxTokens ? 'is-error' : 'is-warning'}`}
            >
              {maxTokensNote}
            </p>
          ) : null}

          <details className="system-prompt" open={systemPrompt ? true : undefined}>
            <summary>System prompt{systemPrompt.trim() ? ' (set)' : ''}</summary>
            <label className="field">
              <span className="visually-hidden">System prompt</span>
              <textarea
                rows={5}
                value={systemPrompt}
                placeholder="Instructions sent before the conversation"
                onChange={(e) => session.updateDraft({ systemPrompt: e.target.value })}
              />
            </label>
          </details>
        </aside>
      </div>
    </div>
  );
}

/**
 * A number typed as text: a number input would show "1e" but report it as empty, and the
 * request would silently go out with the model's default. Here the text is what gets checked.
 */
function ParamField({
  label,
  inputRef,
  inputMode,
  value,
  invalid,
  describedBy,
  onChange,
}: {
  label: string;
  inputRef: RefObject<HTMLInputElement | null>;
  inputMode: 'decimal' | 'numeric';
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        ref={inputRef}
        type="text"
        inputMode={inputMode}
        value={value}
        placeholder="Default"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

function ModelFacts({
  model,
  typed,
  catalogLoaded,
}: {
  model: ModelSummary | null;
  typed: string;
  catalogLoaded: boolean;
}) {
  if (!model) {
    if (!typed || !catalogLoaded) return null;
    return <p className="muted small">Not in the catalog. OpenRouter will say if it does not exist.</p>;
  }
  const { pricing } = model;
  return (
    <>
      <p className="model-title small">{model.name}</p>
      <dl className="model-facts small">
        <div>
          <dt>Input $/M</dt>
          <dd className="tabular">{formatPricePerMillion(pricing.prompt, pricing.variable)}</dd>
        </div>
        <div>
          <dt>Output $/M</dt>
          <dd className="tabular">{formatPricePerMillion(pricing.completion, pricing.variable)}</dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd className="tabular">{model.contextLength === null ? '—' : formatTokens(model.contextLength)}</dd>
        </div>
      </dl>
    </>
  );
}

/** Keeps the newest text in view while the user is reading at the bottom, and only then. */
function Transcript({
  turns,
  streaming,
  canRetry,
  actions,
}: {
  turns: Turn[];
  streaming: boolean;
  canRetry: boolean;
  actions: AnswerActions;
}) {
  const logRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [turns]);

  return (
    <div
      ref={logRef}
      className="transcript"
      role="log"
      aria-label="Conversation"
      aria-busy={streaming}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {turns.length === 0 ? (
        <p className="transcript-empty muted">Pick a model, write a message and send it. Answers stream in here.</p>
      ) : (
        turns.map((turn) =>
          turn.role === 'user' ? (
            <UserBubble key={turn.id} content={turn.content} />
          ) : (
            <AnswerBubble key={turn.id} turn={turn} canRetry={canRetry} actions={actions} />
          ),
        )
      )}
    </div>
  );
}

const UserBubble = memo(function UserBubble({ content }: { content: string }) {
  return (
    <article className="bubble bubble-user" aria-label="You">
      <div className="bubble-text">{content}</div>
    </article>
  );
});

const AnswerBubble = memo(function AnswerBubble({
  turn,
  canRetry,
  actions,
}: {
  turn: AssistantTurn;
  canRetry: boolean;
  actions: AnswerActions;
}) {
  const meta = answerMeta(turn);
  const waiting = turn.status === 'streaming' && !turn.content;
  const canCopy = turn.status !== 'streaming' && turn.content.length > 0;
  return (
    <article className={`bubble bubble-assistant status-${turn.status}`} aria-label="Assistant">
      {turn.reasoning ? (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <div className="bubble-text muted">{turn.reasoning}</div>
        </details>
      ) : null}
      {waiting ? (
        <div className="typing" role="status">
          <span className="visually-hidden">Waiting for the first token</span>
          <span className="dot" aria-hidden="true" />
          <span className="dot" aria-hidden="true" />
          <span className="dot" aria-hidden="true" />
        </div>
      ) : null}
      {turn.content ? (
        <div className="bubble-text">
          {turn.content}
          {turn.status === 'streaming' ? <span className="caret" aria-hidden="true" /> : null}
        </div>
      ) : null}
      {turn.status === 'error' && turn.error ? (
        <FailedAnswer turn={turn} canRetry={canRetry} actions={actions} />
      ) : null}
      {turn.note ? <p className="bubble-note small">{turn.note}</p> : null}
      {turn.status === 'stopped' || meta.length > 0 || canCopy ? (
        <div className="bubble-footer">
          <p className="bubble-meta">
            {turn.status === 'stopped' ? (
              <span role="status" className="badge badge-cancelled">
                Stopped
              </span>
            ) : null}
            {meta.map((part, i) => (
              <span key={i} className="meta-part">
                {part}
              </span>
            ))}
          </p>
          {canCopy ? <CopyButton text={turn.content} /> : null}
        </div>
      ) : null}
    </article>
  );
});

/** The core's message, what can fix it (Settings, credits), and Retry / Edit for the message. */
function FailedAnswer({ turn, canRetry, actions }: { turn: AssistantTurn; canRetry: boolean; actions: AnswerActions }) {
  const error = turn.error!;
  const fix = errorAction(error);
  return (
    <ErrorAlert message={error.message}>
      {fix?.kind === 'settings' ? (
        <a className="button button-small" href={hrefFor('settings')}>
          {fix.label}
        </a>
      ) : null}
      {fix?.kind === 'link' ? (
        <a className="button button-small" href={fix.href} target="_blank" rel="noreferrer">
          {fix.label}
        </a>
      ) : null}
      <button
        type="button"
        className="button button-small"
        onClick={() => actions.retry(turn.id)}
        disabled={!canRetry}
        title="Send the same message again, in place of this answer"
      >
        Retry
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() => actions.edit(turn.id)}
        title="Take the message back into the message box"
      >
        Edit
      </button>
    </ErrorAlert>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = useCallback(() => {
    // The clipboard needs a secure context; the web host on 127.0.0.1 is one, but be safe.
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard) {
      setState('failed');
      return;
    }
    clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  }, [text]);
  return (
    <span className="copy-action">
      <button type="button" className="button button-small button-quiet" aria-label="Copy answer" onClick={copy}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className={state === 'failed' ? 'small error-text' : 'visually-hidden'}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? "Couldn't copy; select the text instead." : ''}
      </span>
    </span>
  );
}
