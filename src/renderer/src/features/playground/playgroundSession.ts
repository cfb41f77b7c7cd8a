import { useSyncExternalStore } from 'react';
import type { RendererApi } from '../../api';
import { readStored, writeStored } from '../../lib/storage';
import { createChatSession, type ChatSession, type ChatState } from './chatSession';

const MODEL_KEY = 'routerdesk.playground.model';
const sessions = new WeakMap<RendererApi, ChatSession>();

/** The one Playground conversation of this window, starting with the model used last time. */
export function chatSessionFor(api: RendererApi): ChatSession {
  let session = sessions.get(api);
  if (!session) {
    session = createChatSession(api, { initialModel: readStored(MODEL_KEY) ?? '' });
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
