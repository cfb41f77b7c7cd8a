/**
 * The Playground's view of a stored conversation: which branch is on screen, where each message
 * sits among its alternatives, what a failed answer offers, and the facts under each answer.
 * Pure, so the tree rules are tested without a browser.
 */
import {
  buildTree,
  newestLeafFrom,
  pathTo,
  siblingsOf,
  type Conversation,
  type MessageTree,
  type StoredMessage,
} from '@shared/conversations';
import { formatCount, formatDuration, formatUsd } from '@shared/format';
import type { AppErrorShape } from '@shared/schemas';

export interface ThreadRow {
  message: StoredMessage;
  /** 1-based position among the alternatives at this point of the branch, and how many there are. */
  alternative: { index: number; count: number; ids: number[] };
}

export interface ThreadView {
  tree: MessageTree;
  rows: ThreadRow[];
  /** The last message on screen: the next message goes under it. */
  leafId: number | null;
}

/** The branch on screen: the stored leaf if it still exists, else the newest branch. */
export function threadView(conversation: Pick<Conversation, 'messages' | 'activeLeafId'>): ThreadView {
  const tree = buildTree(conversation.messages);
  const stored = conversation.activeLeafId !== null && tree.byId.has(conversation.activeLeafId);
  const leafId = stored ? conversation.activeLeafId : newestLeafFrom(tree, null);
  const rows = pathTo(tree, leafId).map((message) => {
    const s = siblingsOf(tree, message);
    return { message, alternative: { index: s.index + 1, count: s.count, ids: s.ids } };
  });
  return { tree, rows, leafId };
}

/** The leaf to show after switching the alternative at `row` by `step` (-1 or +1). */
export function switchAlternative(view: ThreadView, row: ThreadRow, step: -1 | 1): number | null {
  const { ids, index } = row.alternative;
  const target = ids[index - 1 + step];
  if (target === undefined) return null;
  return newestLeafFrom(view.tree, target);
}

/** Where a conversation's total cost comes from, summed over the answers on every branch. */
export function conversationCost(messages: readonly StoredMessage[]): { total: number; estimated: boolean } {
  let total = 0;
  let estimated = false;
  for (const m of messages) {
    if (m.usage?.cost == null) continue;
    total += m.usage.cost;
    if (m.usage.costSource === 'estimated') estimated = true;
  }
  return { total, estimated };
}

/** What the user can do about a failed answer, beyond trying again. */
export type ErrorAction = { kind: 'settings'; label: string } | { kind: 'link'; label: string; href: string };

export const CREDITS_URL = 'https://openrouter.ai/settings/credits';

export function errorAction(error: AppErrorShape | null): ErrorAction | null {
  switch (error?.code) {
    case 'no_key':
    case 'unauthorized':
    case 'invalid_key_format':
      return { kind: 'settings', label: 'Open Settings' };
    case 'payment_required':
      return { kind: 'link', label: 'Add credits', href: CREDITS_URL };
    default:
      return null;
  }
}

/** Errors worth retrying by themselves after a wait, when OpenRouter says how long. */
export function autoRetryDelay(error: AppErrorShape | null, attempt: number, maxAttempts = 3): number | null {
  if (!error || attempt >= maxAttempts) return null;
  if (error.code !== 'rate_limited' && error.code !== 'provider_error' && error.code !== 'timeout') return null;
  if (error.retryAfterSeconds !== undefined) return Math.min(Math.max(1, Math.ceil(error.retryAfterSeconds)), 300);
  // Without Retry-After only a rate limit is retried, backing off 2, 4, 8 s.
  return error.code === 'rate_limited' ? 2 ** (attempt + 1) : null;
}

const costSourceLabel = { billed: 'billed', generation: 'from OpenRouter later', estimated: 'estimated' } as const;

/** The facts under an answer: model · provider · tokens · cost (and its source) · speed · finish. */
export function answerFacts(message: StoredMessage): string[] {
  const parts: string[] = [];
  if (message.modelUsed ?? message.model) parts.push((message.modelUsed ?? message.model) as string);
  if (message.provider) parts.push(message.provider);
  const u = message.usage;
  if (u) {
    if (u.promptTokens !== null || u.completionTokens !== null) {
      const input = u.promptTokens === null ? '?' : formatCount(u.promptTokens);
      const output = u.completionTokens === null ? '?' : formatCount(u.completionTokens);
      parts.push(`${input} in / ${output} out tokens`);
    }
    if (u.reasoningTokens) {
      const share =
        u.completionTokens && u.completionTokens > 0
          ? ` (${Math.round((u.reasoningTokens / u.completionTokens) * 100)}% of output)`
          : '';
      parts.push(`${formatCount(u.reasoningTokens)} reasoning${share}`);
    }
    if (u.cachedTokens) parts.push(`${formatCount(u.cachedTokens)} cached`);
    if (u.cost !== null) {
      parts.push(`${formatUsd(u.cost)} ${u.costSource ? costSourceLabel[u.costSource] : ''}`.trim());
    } else if (message.status !== 'streaming') {
      parts.push('cost not reported yet');
    }
  }
  if (message.ttftMs !== null) parts.push(`TTFT ${formatDuration(message.ttftMs)}`);
  const speed = tokensPerSecond(message);
  if (speed !== null) parts.push(`${speed} tok/s`);
  if (message.durationMs !== null) parts.push(formatDuration(message.durationMs));
  if (message.finishReason && message.finishReason !== 'stop') parts.push(`finish: ${message.finishReason}`);
  return parts;
}

/** Output tokens per second after the first token, rounded; null when it cannot be known. */
export function tokensPerSecond(message: StoredMessage): number | null {
  const out = message.usage?.completionTokens;
  if (!out || message.durationMs === null) return null;
  const generating = message.durationMs - (message.ttftMs ?? 0);
  if (generating <= 0) return null;
  return Math.round((out / generating) * 1000);
}

/** An answer that failed before producing any text. */
export function failedWithNothing(message: StoredMessage): boolean {
  return message.role === 'assistant' && message.status === 'error' && !message.content;
}
