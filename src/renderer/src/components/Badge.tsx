import type { ReactNode } from 'react';
import './Badge.css';

export type BadgeTone = 'ok' | 'error' | 'cancelled' | 'interrupted' | 'pending';

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
