import { useSyncExternalStore } from 'react';
import type { RendererApi } from '../../api';
import { readForWindow, readStored, writeForWindow, writeStored } from '../../lib/storage';
import { throttle } from '../../lib/timing';
import { createChatSession, type ChatSession, type ChatState } from './chatSession';
import { restoreSession, SAVED_SESSION_KEY, saveSession } from './savedSession';

const MODEL_KEY = 'routerdesk.playground.model';
/** Often enough that little is lost to a crash; rare enough that streaming stays cheap. */
const SAVE_EVERY_MS = 1000;
const sessions = new WeakMap<RendererApi, ChatSession>();

/**
 * Writes the conversation to sessionStorage as it changes (at most once a second while an
 * answer streams) and once more as the page goes away, so a reload finds it as it was.
 */
function keepForWindow(session: ChatSession): void {
  let saved: ChatState | null = null;
  const save = () => {
    const state = session.get();
    if (state === saved) return;
    saved = state;
    writeForWindow(SAVED_SESSION_KEY, saveSession({ turns: state.turns, draft: state.draft }));
  };
  const soon = throttle(save, SAVE_EVERY_MS);
  session.subscribe(soon);
  window.addEventListener('pagehide', () => soon.flush());
  window.addEventListener('beforeunload', () => soon.flush());
}

/**
 * The one Playground conversation of this window: the one from before a reload if there is
 * one, otherwise a new one with the model used last time.
 */
export function chatSessionFor(api: RendererApi): ChatSession {
  let session = sessions.get(api);
  if (!session) {
    session = createChatSession(api, {
      initialModel: readStored(MODEL_KEY) ?? '',
      restored: restoreSession(readForWindow(SAVED_SESSION_KEY)),
    });
    keepForWindow(session);
    sessions.set(api, session);
  }
  return session;
}

/** Picks the model for the next message and remembers it for the next launch. */
export function chooseModel(session: ChatSession, model: string): void {
  session.updateDraft({ model });
  writeStored(MODEL_KEY, model.trim() || null);
}

export function useChatState(session: ChatSession): ChatState {
  return useSyncExternalStore(session.subscribe, session.get);
}
