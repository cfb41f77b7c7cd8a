/**
 * What a request in a stored conversation sends: the branch from the first message down to the
 * user message being answered, as chat messages.
 */
import type { StoredMessage } from '@shared/conversations';
import type { ChatMessage } from '@shared/schemas';

/**
 * - The system prompt, when there is one, goes first.
 * - Assistant answers carry their reasoning_details unmodified: Gemini and Anthropic refuse a
 *   history whose reasoning was dropped or changed.
 * - An answer with no text (it failed before the first token, or was stopped before one) is left
 *   out together with the user message it answered. Otherwise a request OpenRouter refused (a bad
 *   key, a moderation flag) would be sent again with every later message, and providers refuse
 *   empty assistant turns.
 * - Answers that were stopped, interrupted or failed part-way keep the text they got.
 */
export function messagesFromBranch(path: readonly StoredMessage[], systemPrompt: string): ChatMessage[] {
  const left = new Set<number>();
  const roles = new Map(path.map((m) => [m.id, m.role]));
  for (const m of path) {
    if (m.role !== 'assistant' || m.content.trim() !== '') continue;
    left.add(m.id);
    if (m.parentId !== null && roles.get(m.parentId) === 'user') left.add(m.parentId);
  }

  const messages: ChatMessage[] = [];
  if (systemPrompt.trim() !== '') messages.push({ role: 'system', content: systemPrompt });
  for (const m of path) {
    if (left.has(m.id)) continue;
    if (m.role === 'user') {
      messages.push({ role: 'user', content: m.content });
      continue;
    }
    const details = m.reasoningDetails;
    messages.push(
      details && details.length > 0
        ? { role: 'assistant', content: m.content, reasoning_details: details }
        : { role: 'assistant', content: m.content },
    );
  }
  return messages;
}
