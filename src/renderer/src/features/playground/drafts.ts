/**
 * What is typed but not sent, per conversation, kept for this window across reloads and screen
 * changes. Only a cache: the conversation itself lives in the core's database.
 */
import { readForWindow, writeForWindow } from '../../lib/storage';

const key = (conversationId: number | null) => `routerdesk.draft.${conversationId ?? 'new'}`;

export function readDraft(conversationId: number | null): string {
  return readForWindow(key(conversationId)) ?? '';
}

export function writeDraft(conversationId: number | null, text: string): void {
  writeForWindow(key(conversationId), text ? text : null);
}
