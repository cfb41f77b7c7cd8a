/**
 * The Playground's transcript and what gets sent from it. Pure, so the multi-turn rules and the
 * meta line under each answer are tested without a browser.
 */
import { formatCount, formatDuration, formatUsd } from '../../../../shared/format';
import type {
  AppErrorShape,
  ChatDone,
  ChatMessage,
  ChatParams,
  ChatUsage,
  ModelSummary,
} from '../../../../shared/schemas';

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
  /** Why the answer ended where it did, when neither the core nor the user said (a reload). */
  note?: string;
}

export type Turn = UserTurn | AssistantTurn;

/** An answer that failed before producing any text: the request taught the model nothing. */
export function failedWithNothing(turn: Turn | undefined): boolean {
  return turn?.role === 'assistant' && turn.status === 'error' && !turn.content;
}

/**
 * The whole conversation for the next request: the system prompt if any, every user message,
 * and the answers that have text and did not fail (a stopped answer is kept as the user saw it).
 * A user message whose answer failed with nothing to show is left out too, so one 401 or 503
 * is not sent again with every later message.
 */
export function messagesToSend(turns: readonly Turn[], systemPrompt: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt });
  turns.forEach((turn, i) => {
    if (turn.role === 'user') {
      if (!failedWithNothing(turns[i + 1])) messages.push({ role: 'user', content: turn.content });
    } else if ((turn.status === 'done' || turn.status === 'stopped') && turn.content) {
      messages.push({ role: 'assistant', content: turn.content });
    }
  });
  return messages;
}

/** The user message an answer replied to: the turn just before it. */
export function promptOf(turns: readonly Turn[], answerId: string): UserTurn | null {
  const i = turns.findIndex((t) => t.id === answerId);
  const before = i > 0 ? turns[i - 1] : undefined;
  return before?.role === 'user' ? before : null;
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

export type ParamsResult = { ok: true; params: ChatParams } | { ok: false; message: string };

/** The parts of a catalog model that bound max tokens. */
export type ModelLimits = Pick<ModelSummary, 'maxCompletionTokens' | 'contextLength'>;

export interface ParamsCheck {
  /** What to send; null while a field cannot be read. */
  params: ChatParams | null;
  /** Per field: why it cannot be sent as typed. */
  errors: { temperature: string | null; maxTokens: string | null };
  /** Sendable, but probably refused or capped by the chosen model. */
  maxTokensWarning: string | null;
}

export const TEMPERATURE_MESSAGE =
  'Temperature must be a number from 0 to 2 (like 0.7), or empty for the model default.';
export const MAX_TOKENS_MESSAGE = 'Max tokens must be a whole number above 0, or empty for the model default.';

// Plain decimals only: Number() would also take "1e0", "0x1" and "Infinity". A comma is read as
// the decimal point some keyboards type.
const DECIMAL = /^(\d+([.,]\d*)?|[.,]\d+)$/;
const WHOLE = /^\d+$/;

function maxTokensWarning(value: number, model: ModelLimits | null): string | null {
  if (!model) return null;
  if (model.maxCompletionTokens !== null && value > model.maxCompletionTokens) {
    return `This model writes at most ${formatCount(model.maxCompletionTokens)} tokens per answer; OpenRouter may refuse the request or cut the answer there.`;
  }
  if (model.contextLength !== null && value > model.contextLength) {
    return `More than this model's whole context of ${formatCount(model.contextLength)} tokens; OpenRouter will likely refuse the request.`;
  }
  return null;
}

/**
 * The optional sampling fields exactly as typed; empty means "use the model's default". A value
 * that cannot be read is an error, never silently the default.
 */
export function checkParams(temperature: string, maxTokens: string, model: ModelLimits | null = null): ParamsCheck {
  const params: ChatParams = {};
  const errors: ParamsCheck['errors'] = { temperature: null, maxTokens: null };
  let warning: string | null = null;

  const t = temperature.trim();
  if (t) {
    const value = DECIMAL.test(t) ? Number(t.replace(',', '.')) : Number.NaN;
    if (Number.isFinite(value) && value >= 0 && value <= 2) params.temperature = value;
    else errors.temperature = TEMPERATURE_MESSAGE;
  }

  const m = maxTokens.trim();
  if (m) {
    const value = WHOLE.test(m) ? Number(m) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= 1) {
      params.max_tokens = value;
      warning = maxTokensWarning(value, model);
    } else {
      errors.maxTokens = MAX_TOKENS_MESSAGE;
    }
  }

  const ok = errors.temperature === null && errors.maxTokens === null;
  return { params: ok ? params : null, errors, maxTokensWarning: warning };
}

/** The parameters to send, or the first reason they cannot be. */
export function readParams(temperature: string, maxTokens: string): ParamsResult {
  const check = checkParams(temperature, maxTokens);
  if (check.params) return { ok: true, params: check.params };
  return { ok: false, message: check.errors.temperature ?? check.errors.maxTokens ?? TEMPERATURE_MESSAGE };
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
