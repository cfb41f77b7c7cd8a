import type { RefObject } from 'react';
import type { SendKey } from '@shared/schemas';
import { Busy } from '../../components/Spinner';

/** Whether a key press in the message box sends, given the user's choice of send key. */
export function isSendKey(
  e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>,
  sendKey: SendKey,
): boolean {
  if (e.key !== 'Enter' || e.isComposing) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (sendKey === 'mod-enter') return mod;
  // Enter sends; Shift+Enter (and Alt+Enter) make a new line; Ctrl/Cmd+Enter sends as well.
  return !e.shiftKey && !e.altKey;
}

export function sendHint(sendKey: SendKey): string {
  return sendKey === 'enter'
    ? 'Enter sends · Shift+Enter new line · Esc stops'
    : 'Ctrl+Enter or ⌘+Enter sends · Enter new line · Esc stops';
}

/** The message box, the cost of sending it, and Send / Stop. */
export function Composer({
  inputRef,
  text,
  onText,
  onSend,
  onStop,
  streaming,
  starting,
  paused,
  sendKey,
  estimate,
}: {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  text: string;
  onText: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  starting: boolean;
  /** Why sending is unavailable (connection down), or null. */
  paused: string | null;
  sendKey: SendKey;
  /** The estimate line, or null before there is anything to estimate. */
  estimate: string | null;
}) {
  return (
    <div className="composer">
      <label className="field">
        <span className="field-label">Message</span>
        <textarea
          ref={inputRef}
          className="message-input"
          rows={2}
          value={text}
          placeholder="Ask something…"
          onChange={(e) => onText(e.target.value)}
          onKeyDown={(e) => {
            if (isSendKey(e.nativeEvent, sendKey)) {
              e.preventDefault();
              onSend();
            }
          }}
        />
      </label>
      <div className="composer-actions">
        <div className="composer-info small">
          {paused ? (
            <span className="paused-text">{paused}</span>
          ) : streaming ? (
            <Busy label="Streaming… Esc stops" />
          ) : (
            <span className="muted">{sendHint(sendKey)}</span>
          )}
          {estimate ? (
            <span className="muted estimate" aria-live="off">
              {estimate}
            </span>
          ) : null}
        </div>
        <div className="toolbar">
          {streaming ? (
            <button type="button" className="button button-danger" onClick={onStop}>
              Stop
            </button>
          ) : null}
          <button
            type="button"
            className="button button-primary"
            onClick={onSend}
            disabled={streaming || starting || !text.trim() || paused !== null}
          >
            Send
          </button>
        </div>
      </div>
    </div>
  );
}
