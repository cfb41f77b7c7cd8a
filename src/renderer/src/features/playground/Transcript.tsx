import { useVirtualizer } from '@tanstack/react-virtual';
import { Link } from '@tanstack/react-router';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StoredMessage } from '@shared/conversations';
import { useLiveAnswer, type StreamStore } from '../../api/streams';
import { ErrorAlert } from '../../components/Alert';
import { useCopy } from '../../components/useCopy';
import { Badge } from '../../components/Badge';
import { Markdown } from '../../components/markdown';
import { answerFacts, errorAction, type ThreadRow } from './thread';

/** What the transcript's buttons do; stable, so rows need not re-render when the screen does. */
export interface MessageActions {
  regenerate(userMessageId: number): void;
  editAndSend(message: StoredMessage, text: string): void;
  switchAlternative(row: ThreadRow, step: -1 | 1): void;
  cancelRetry(): void;
}

export interface RetryCountdown {
  messageId: number;
  secondsLeft: number;
}

/**
 * The branch on screen, virtualized: only the messages near the viewport are in the DOM, so a
 * conversation of hundreds of messages opens at once. Keeps the newest text in view while the
 * user is reading at the bottom, and only then.
 */
export function Transcript({
  rows,
  streams,
  actions,
  busy,
  jumpTo,
  retry,
}: {
  rows: ThreadRow[];
  streams: StreamStore;
  actions: MessageActions;
  /** An answer is streaming or a send is starting: regenerate and edit wait. */
  busy: boolean;
  /** A message to bring into view once (a search result). */
  jumpTo: number | null;
  retry: RetryCountdown | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastTop = useRef(0);
  // The virtualizer's functions change with its state, so this component is not auto-memoized;
  // its rows are (memo), which is what keeps streaming cheap.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 140,
    overscan: 6,
    getItemKey: (i) => rows[i]!.message.id,
    // Before the first measurement (and in tests without layout) assume a typical window.
    initialRect: { width: 800, height: 600 },
  });
  const total = virtualizer.getTotalSize();

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stick.current && jumpTo === null) el.scrollTop = el.scrollHeight;
  }, [total, rows.length, jumpTo]);

  const [highlight, setHighlight] = useState<number | null>(null);
  useEffect(() => {
    if (jumpTo === null) return;
    const i = rows.findIndex((r) => r.message.id === jumpTo);
    if (i === -1) return;
    stick.current = false;
    virtualizer.scrollToIndex(i, { align: 'center' });
    setHighlight(jumpTo);
    const timer = setTimeout(() => setHighlight(null), 2500);
    return () => clearTimeout(timer);
    // Jump once per target; rows changing while it is shown must not jump again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jumpTo]);

  return (
    <div
      ref={scrollRef}
      className="transcript"
      role="log"
      aria-label="Conversation"
      tabIndex={0}
      onScroll={(e) => {
        // Only the user scrolling up lets go of the bottom; content growing under a scroll that
        // RouterDesk made must not, or a fast answer would slip out of view.
        const el = e.currentTarget;
        const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        if (atBottom) stick.current = true;
        else if (el.scrollTop < lastTop.current - 4) stick.current = false;
        lastTop.current = el.scrollTop;
      }}
    >
      {rows.length === 0 ? (
        <p className="transcript-empty muted">Write a message and send it. Answers stream in here.</p>
      ) : (
        <div className="transcript-inner" style={{ height: total }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="transcript-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.message.role === 'user' ? (
                  <UserMessage row={row} actions={actions} busy={busy} highlighted={highlight === row.message.id} />
                ) : (
                  <AssistantMessage
                    row={row}
                    streams={streams}
                    actions={actions}
                    busy={busy}
                    highlighted={highlight === row.message.id}
                    retry={retry?.messageId === row.message.id ? retry : null}
                  />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function Alternatives({ row, actions, label }: { row: ThreadRow; actions: MessageActions; label: string }) {
  const { index, count } = row.alternative;
  if (count < 2) return null;
  return (
    <span className="alternatives" role="group" aria-label={`${label} ${index} of ${count}`}>
      <button
        type="button"
        className="button button-small button-quiet"
        aria-label={`Previous ${label.toLowerCase()}`}
        disabled={index <= 1}
        onClick={() => actions.switchAlternative(row, -1)}
      >
        ‹
      </button>
      <span className="tabular small" aria-hidden="true">
        {index}/{count}
      </span>
      <button
        type="button"
        className="button button-small button-quiet"
        aria-label={`Next ${label.toLowerCase()}`}
        disabled={index >= count}
        onClick={() => actions.switchAlternative(row, 1)}
      >
        ›
      </button>
    </span>
  );
}

const UserMessage = memo(function UserMessage({
  row,
  actions,
  busy,
  highlighted,
}: {
  row: ThreadRow;
  actions: MessageActions;
  busy: boolean;
  highlighted: boolean;
}) {
  const { message } = row;
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <article
      className={`bubble bubble-user${highlighted ? ' is-highlighted' : ''}`}
      aria-label="You"
      data-message-id={message.id}
    >
      {editing === null ? (
        <div className="bubble-text">{message.content}</div>
      ) : (
        <form
          className="edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!editing.trim() || busy) return;
            actions.editAndSend(message, editing);
            setEditing(null);
          }}
        >
          <label className="field">
            <span className="visually-hidden">Edit message</span>
            <textarea
              className="message-input"
              value={editing}
              autoFocus
              onChange={(e) => setEditing(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setEditing(null);
                }
              }}
            />
          </label>
          <div className="toolbar">
            <button type="button" className="button button-small" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" className="button button-small button-primary" disabled={busy || !editing.trim()}>
              Send as new branch
            </button>
          </div>
        </form>
      )}
      {editing === null ? (
        <div className="bubble-footer">
          <Alternatives row={row} actions={actions} label="Version" />
          <span className="bubble-actions">
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => setEditing(message.content)}
              disabled={busy}
              title="Edit this message and send it as a new branch; the original stays as an alternative"
            >
              Edit
            </button>
            <CopyButton text={message.content} label="Copy message" />
          </span>
        </div>
      ) : null}
    </article>
  );
});

const AssistantMessage = memo(function AssistantMessage({
  row,
  streams,
  actions,
  busy,
  highlighted,
  retry,
}: {
  row: ThreadRow;
  streams: StreamStore;
  actions: MessageActions;
  busy: boolean;
  highlighted: boolean;
  retry: RetryCountdown | null;
}) {
  const { message } = row;
  const streaming = message.status === 'streaming';
  const live = useLiveAnswer(streams, message.requestId);
  // Live text while it streams here; the stored text once the core has the final version.
  const showLive = live !== undefined && (streaming || live.content.length > message.content.length);
  const content = showLive ? live.content : message.content;
  const reasoning = showLive && live.reasoning.length >= message.reasoning.length ? live.reasoning : message.reasoning;
  const droppedHere = streaming && live?.ended?.kind === 'error' ? live.ended.error.error : null;
  const stillStreaming = streaming && !live?.ended;

  useEffect(() => {
    if (!streaming && live && message.requestId && message.content.length >= live.content.length) {
      streams.release(message.requestId);
    }
  }, [streaming, live, message.requestId, message.content.length, streams]);

  const error = message.status === 'error' ? message.error : droppedHere;
  const facts = stillStreaming ? [] : answerFacts(message);
  const waiting = stillStreaming && !content && !reasoning;
  const parentId = message.parentId;

  return (
    <article
      className={`bubble bubble-assistant status-${message.status}${highlighted ? ' is-highlighted' : ''}`}
      aria-label="Assistant"
      aria-busy={stillStreaming}
      data-message-id={message.id}
    >
      {reasoning ? (
        <Reasoning
          text={reasoning}
          streaming={stillStreaming && !content}
          startedAt={live?.reasoningStartedAt ?? null}
          endedAt={live?.contentStartedAt ?? null}
        />
      ) : null}
      {waiting ? (
        <div className="typing" role="status">
          <span className="visually-hidden">Waiting for the first token</span>
          <span className="dot" aria-hidden="true" />
          <span className="dot" aria-hidden="true" />
          <span className="dot" aria-hidden="true" />
        </div>
      ) : null}
      {content ? <Markdown text={content} streaming={stillStreaming} /> : null}
      {error ? (
        <ErrorAlert message={error.message}>
          <ErrorFix code={error.code} />
          {retry ? (
            <>
              <span role="status" className="small">
                Retrying in {retry.secondsLeft} s
              </span>
              <button type="button" className="button button-small" onClick={actions.cancelRetry}>
                Cancel retry
              </button>
            </>
          ) : parentId !== null ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => actions.regenerate(parentId)}
              disabled={busy}
              title="Ask again; this answer stays as an alternative"
            >
              Retry
            </button>
          ) : null}
        </ErrorAlert>
      ) : null}
      {message.status === 'interrupted' ? (
        <p className="bubble-note small">RouterDesk closed while this answer was streaming; the text so far is kept.</p>
      ) : null}
      {!stillStreaming ? (
        <div className="bubble-footer">
          <Alternatives row={row} actions={actions} label="Answer" />
          <p className="bubble-meta">
            {message.status === 'stopped' ? <Badge tone="cancelled">Stopped</Badge> : null}
            {message.status === 'interrupted' ? <Badge tone="interrupted">Interrupted</Badge> : null}
            {facts.map((part, i) => (
              <span key={i} className="meta-part">
                {part}
              </span>
            ))}
          </p>
          <span className="bubble-actions">
            {parentId !== null && message.status !== 'error' ? (
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => actions.regenerate(parentId)}
                disabled={busy}
                title="Ask again; this answer stays as an alternative"
              >
                Regenerate
              </button>
            ) : null}
            {content ? <CopyButton text={content} label="Copy answer" /> : null}
          </span>
        </div>
      ) : null}
    </article>
  );
});

function ErrorFix({ code }: { code: string }) {
  const fix = errorAction({ code: code as never, message: '' });
  if (fix?.kind === 'settings') {
    return (
      <Link className="button button-small" to="/settings">
        {fix.label}
      </Link>
    );
  }
  if (fix?.kind === 'link') {
    return (
      <a className="button button-small" href={fix.href} target="_blank" rel="noreferrer">
        {fix.label}
      </a>
    );
  }
  return null;
}

/** Reasoning, open while it streams before the answer, folded once the answer starts. */
function Reasoning({
  text,
  streaming,
  startedAt,
  endedAt,
}: {
  text: string;
  streaming: boolean;
  startedAt: number | null;
  endedAt: number | null;
}) {
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? streaming;
  const seconds = useThinkingSeconds(startedAt, endedAt, streaming);
  const label = streaming
    ? `Thinking${seconds !== null ? ` · ${seconds} s` : '…'}`
    : seconds !== null
      ? `Thought for ${seconds} s`
      : 'Reasoning';
  return (
    <details
      className="reasoning"
      open={open}
      onToggle={(e) => {
        const next = (e.currentTarget as HTMLDetailsElement).open;
        if (next !== open) setUserOpen(next);
      }}
    >
      <summary>{label}</summary>
      {open ? (
        // Long reasoning scrolls in its own box, which keyboard users can focus to scroll.
        <div className="reasoning-body" tabIndex={0} role="region" aria-label="Reasoning text">
          <Markdown text={text} streaming={streaming} muted />
        </div>
      ) : null}
    </details>
  );
}

function useThinkingSeconds(startedAt: number | null, endedAt: number | null, running: boolean): number | null {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running || startedAt === null) return;
    const timer = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(timer);
  }, [running, startedAt]);
  if (startedAt === null) return null;
  const end = endedAt ?? (running ? now : null);
  return end === null ? null : Math.max(0, Math.round((end - startedAt) / 100) / 10);
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, copy] = useCopy(text);
  return (
    <span className="copy-action">
      <button type="button" className="button button-small button-quiet" aria-label={label} onClick={copy}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className={state === 'failed' ? 'small error-text' : 'visually-hidden'}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? "Couldn't copy; select the text instead." : ''}
      </span>
    </span>
  );
}
