/**
 * The Playground as it stands, kept in sessionStorage so a reload of the window does not throw
 * the conversation away. Per window (sessionStorage is), and read defensively: what comes back
 * was written by an older build or edited by hand, so anything that does not fit is dropped.
 */
import type { ChatDone, ChatUsage, AppErrorShape } from '../../../../shared/schemas';
import type { Draft } from './chatSession';
import type { AnswerStatus, AssistantTurn, Turn, UserTurn } from './conversation';

export const SAVED_SESSION_KEY = 'routerdesk.playground.session.v1';

export const RELOADED_NOTE =
  'The page was reloaded while this answer was streaming, so it stops here. Usage shows what was billed.';

export type SavedDraft = Draft;

export interface SavedSession {
  turns: Turn[];
  draft: SavedDraft;
}

export function saveSession(session: SavedSession): string {
  return JSON.stringify({ version: 1, turns: session.turns, draft: session.draft });
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const statuses: readonly AnswerStatus[] = ['streaming', 'done', 'stopped', 'error'];

function userTurn(raw: Loose): UserTurn | null {
  if (typeof raw.id !== 'string' || typeof raw.content !== 'string') return null;
  return { id: raw.id, role: 'user', content: raw.content };
}

function assistantTurn(raw: Loose): AssistantTurn | null {
  if (typeof raw.id !== 'string' || typeof raw.requestId !== 'string') return null;
  const status = statuses.includes(raw.status as AnswerStatus) ? (raw.status as AnswerStatus) : null;
  if (!status) return null;
  const turn: AssistantTurn = {
    id: raw.id,
    role: 'assistant',
    requestId: raw.requestId,
    model: str(raw.model),
    content: str(raw.content),
    reasoning: str(raw.reasoning),
    status,
    // These come from the core and were stored as received; only their presence is checked.
    done: isObject(raw.done) ? (raw.done as unknown as ChatDone) : null,
    error:
      isObject(raw.error) && typeof raw.error.message === 'string' ? (raw.error as unknown as AppErrorShape) : null,
    usage: isObject(raw.usage) ? (raw.usage as unknown as ChatUsage) : null,
  };
  if (typeof raw.ledgerId === 'number') turn.ledgerId = raw.ledgerId;
  if (typeof raw.note === 'string') turn.note = raw.note;
  // The request died with the old page (its socket closed); nothing will ever finish it.
  if (turn.status === 'streaming') {
    turn.status = 'stopped';
    turn.note = RELOADED_NOTE;
  }
  return turn;
}

/** The saved session, or null when there is none or it cannot be read. */
export function restoreSession(raw: string | null): SavedSession | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.version !== 1) return null;
  const turns: Turn[] = [];
  for (const item of Array.isArray(parsed.turns) ? parsed.turns : []) {
    if (!isObject(item)) continue;
    const turn = item.role === 'user' ? userTurn(item) : item.role === 'assistant' ? assistantTurn(item) : null;
    if (turn) turns.push(turn);
  }
  const draft = isObject(parsed.draft) ? parsed.draft : {};
  return {
    turns,
    draft: {
      model: str(draft.model),
      temperature: str(draft.temperature),
      maxTokens: str(draft.maxTokens),
      systemPrompt: str(draft.systemPrompt),
      message: str(draft.message),
    },
  };
}
