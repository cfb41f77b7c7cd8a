/**
 * The Playground's transcript and what gets sent from it. Pure, so the multi-turn rules and the
 * meta line under each answer are tested without a browser.
 */
import { formatCount, formatDuration, formatUsd } from '../../../../shared/format';
import type { AppErrorShape, ChatDone, ChatMessage, ChatParams, ChatUsage } from '../../../../shared/schemas';

export interface UserTurn {
  id: string;
  role: 'user';
  content: string;
}

export type AnswerStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface AssistantTurn {
  id: string;
  role: 'assistant';
  requestId: string;
  /** The model that was asked; the one that answered is in `done.model`. */
  model: string;
  content: string;
  reasoning: string;
  status: AnswerStatus;
  done: ChatDone | null;
  error: AppErrorShape | null;
  /** Usage reported with a stop or error, when the provider billed something anyway. */
  usage: ChatUsage | null;
  /** The ledger row of this answer, once the core has said which it is. */
  ledgerId?: number | null;
}

export type Turn = UserTurn | AssistantTurn;

/**
 * The whole conversation for the next request: the system prompt if any, every user message,
 * and the answers that have text and did not fail (a stopped answer is kept as the user saw it).
 */
export function messagesToSend(turns: readonly Turn[], systemPrompt: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
  for (const turn of turns) {
    if (turn.role === 'user') messages.push({ role: 'user', content: turn.content });
    else if ((turn.status === 'done' || turn.status === 'stopped') && turn.content) {
      messages.push({ role: 'assistant', content: turn.content });
    }
  }
  return messages;
}

export type ParamsResult = { ok: true; params: ChatParams } | { ok: false; message: string };

/** The optional sampling fields as typed; empty means "use the model's default". */
export function readParams(temperature: string, maxTokens: string): ParamsResult {
  const params: ChatParams = {};
  if (temperature.trim()) {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2) {
      return { ok: false, message: 'Temperature must be a number from 0 to 2, or empty for the model default.' };
    }
    params.temperature = value;
  }
  if (maxTokens.trim()) {
    const value = Number(maxTokens);
    if (!Number.isInteger(value) || value < 1) {
      return { ok: false, message: 'Max tokens must be a whole number above 0, or empty for the model default.' };
    }
    params.max_tokens = value;
  }
  return { ok: true, params };
}

function tokensPart(usage: ChatUsage): string | null {
  if (usage.promptTokens === null && usage.completionTokens === null) return null;
  const input = usage.promptTokens === null ? '?' : formatCount(usage.promptTokens);
  const output = usage.completionTokens === null ? '?' : formatCount(usage.completionTokens);
  const reasoning = usage.reasoningTokens ? ` (${formatCount(usage.reasoningTokens)} reasoning)` : '';
  return `${input} in / ${output} out tokens${reasoning}`;
}

function costPart(usage: ChatUsage): string {
  return usage.cost === null ? 'cost not reported' : formatUsd(usage.cost);
}

/** The facts under a finished answer: model · provider · tokens · cost · TTFT · duration. */
export function answerMeta(turn: AssistantTurn): string[] {
  if (turn.done) {
    const { done } = turn;
    const parts = [done.model ?? turn.model];
    if (done.provider) parts.push(done.provider);
    const tokens = tokensPart(done.usage);
    if (tokens) parts.push(tokens);
    parts.push(costPart(done.usage));
    if (done.ttftMs !== null) parts.push(`TTFT ${formatDuration(done.ttftMs)}`);
    parts.push(formatDuration(done.durationMs));
    return parts;
  }
  if (turn.usage) {
    const parts: string[] = [];
    const tokens = tokensPart(turn.usage);
    if (tokens) parts.push(tokens);
    if (turn.usage.cost !== null) parts.push(costPart(turn.usage));
    return parts;
  }
  return [];
}
