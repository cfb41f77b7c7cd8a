import type { ReactNode } from 'react';

/** An error from the core, shown as it came: the message already says what to do. */
export function ErrorAlert({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <div role="alert" className="alert alert-error">
      <span className="alert-text">{message}</span>
      {children ? <span className="alert-actions">{children}</span> : null}
    </div>
  );
}

/** Something worth knowing that is not an error (a stale snapshot, a key kept in memory). */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warning' }) {
  return (
    <div role="status" className={`alert alert-${tone}`}>
      <span className="alert-text">{children}</span>
    </div>
  );
}
