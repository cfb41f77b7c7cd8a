import type { ReactNode } from 'react';
import { linkify } from '../lib/linkify';

/** Message text with its https addresses as links that open outside the app. */
export function MessageText({ message }: { message: string }) {
  return (
    <>
      {linkify(message).map((part, i) =>
        'href' in part ? (
          <a key={i} href={part.href} target="_blank" rel="noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** An error from the core, shown as it came: the message already says what to do. */
export function ErrorAlert({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <div role="alert" className="alert alert-error">
      <span className="alert-text">
        <MessageText message={message} />
      </span>
      {children ? <span className="alert-actions">{children}</span> : null}
    </div>
  );
}

/** Something worth knowing that is not an error (a stale snapshot, a key kept in memory). */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warning' }) {
  return (
    <div role="status" className={`alert alert-${tone}`}>
      <span className="alert-text">{typeof children === 'string' ? <MessageText message={children} /> : children}</span>
    </div>
  );
}
