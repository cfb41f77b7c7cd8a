import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatPricePerMillion, formatTokens } from '../../../../shared/format';
import type { ModelSummary } from '../../../../shared/schemas';
import { useApi } from '../../api/ApiContext';
import { ErrorAlert } from '../../components/Alert';
import { hrefFor } from '../../app/routes';
import { Busy } from '../../components/Spinner';
import { catalogStoreFor, useCatalogState } from '../catalog/catalogStore';
import { answerMeta, readParams, type AssistantTurn, type Turn } from './conversation';
import { chatSessionFor, chooseModel, useChatState } from './playgroundSession';

/** Errors that only a change in Settings can fix. */
const SETTINGS_ERRORS = new Set(['no_key', 'unauthorized', 'invalid_key_format', 'keychain_unavailable']);

export function PlaygroundScreen() {
  const api = useApi();
  const catalogStore = catalogStoreFor(api);
  const catalog = useCatalogState(catalogStore);
  const session = chatSessionFor(api);
  const chat = useChatState(session);
  const { model, temperature, maxTokens, systemPrompt, message } = chat.draft;
  const [formError, setFormError] = useState<string | null>(null);
  const datalistId = useId();
  const messageRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    catalogStore.ensureLoaded();
    messageRef.current?.focus();
  }, [catalogStore]);

  const modelsById = useMemo(() => {
    const map = new Map<string, ModelSummary>();
    for (const m of catalog.result?.models ?? []) map.set(m.id, m);
    return map;
  }, [catalog.result]);
  const chosen = modelsById.get(model.trim()) ?? null;

  async function send() {
    if (!message.trim() || chat.streaming) return;
    if (!model.trim()) {
      setFormError('Choose a model first: type its id or pick one from the list.');
      return;
    }
    const params = readParams(temperature, maxTokens);
    if (!params.ok) {
      setFormError(params.message);
      return;
    }
    setFormError(null);
    await session.send({ text: message, model: model.trim(), params: params.params, systemPrompt });
  }

  function newChat() {
    session.clear();
    setFormError(null);
    messageRef.current?.focus();
  }

  const startError = chat.startError;

  return (
    <div className="screen screen-fill playground">
      <header className="screen-header">
        <h1>Playground</h1>
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
          <Transcript turns={chat.turns} streaming={chat.streaming} />

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
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    void send();
                  }
                }}
              />
            </label>
            <div className="composer-actions">
              <span className="muted small">
                {chat.streaming ? <Busy label="Streaming…" /> : 'Ctrl+Enter or ⌘+Enter sends'}
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
                  disabled={chat.streaming || !message.trim()}
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
              className="mono model-input"
              list={datalistId}
              value={model}
              placeholder="e.g. openai/gpt-5-mini"
              onChange={(e) => chooseModel(session, e.target.value)}
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
            <label className="field">
              <span className="field-label">Temperature</span>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                max={2}
                step={0.1}
                value={temperature}
                placeholder="Default"
                onChange={(e) => session.updateDraft({ temperature: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field-label">Max tokens</span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={maxTokens}
                placeholder="Default"
                onChange={(e) => session.updateDraft({ maxTokens: e.target.value })}
              />
            </label>
          </div>

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
function Transcript({ turns, streaming }: { turns: Turn[]; streaming: boolean }) {
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
            <AnswerBubble key={turn.id} turn={turn} />
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

const AnswerBubble = memo(function AnswerBubble({ turn }: { turn: AssistantTurn }) {
  const meta = answerMeta(turn);
  const waiting = turn.status === 'streaming' && !turn.content;
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
      {turn.status === 'error' && turn.error ? <ErrorAlert message={turn.error.message} /> : null}
      {turn.status === 'stopped' || meta.length > 0 ? (
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
      ) : null}
    </article>
  );
});
