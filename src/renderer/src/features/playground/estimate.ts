/**
 * The cost of a message before it is sent: input tokens (counted with the GPT tokenizer once it
 * has loaded, or estimated from the length until then; other models' tokenizers differ, so
 * either is labelled an estimate) times the input price, plus the worst case for the answer:
 * max tokens, or the model's longest answer, times the output price.
 */
import { formatCount, formatUsd } from '@shared/format';
import type { ModelSummary } from '@shared/schemas';

export type TokenCounter = (text: string) => number;

/** About four characters per token: the usual rule of thumb for English text. */
export const roughCount: TokenCounter = (text) => Math.ceil(text.length / 4);

/** Above this, counting exactly costs more than the estimate is worth while typing. */
export const EXACT_COUNT_LIMIT = 200_000;

let loaded: TokenCounter | null = null;
let loading: Promise<TokenCounter> | null = null;

/** Loads the tokenizer once (it is a large chunk, fetched only when the Playground needs it). */
export function loadTokenizer(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer').then((m) => {
    loaded = (text) => m.countTokens(text);
    return loaded;
  });
  return loading;
}

export function tokenizerReady(): TokenCounter | null {
  return loaded;
}

export interface CostEstimate {
  inputTokens: number;
  /** true when the GPT tokenizer counted; false for the length rule of thumb. */
  counted: boolean;
  inputCost: number;
  /** The most the answer can cost: max tokens (or the model's limit) at the output price. */
  maxOutputTokens: number | null;
  maxOutputCost: number | null;
  /** A router (openrouter/auto): the price depends on the model it picks. */
  variable: boolean;
}

/** Per message: chat formats add a few tokens for the role and separators. */
const PER_MESSAGE_OVERHEAD = 4;

export function countInput(
  texts: readonly string[],
  counter: TokenCounter | null,
): { tokens: number; counted: boolean } {
  const total = texts.reduce((n, t) => n + t.length, 0);
  const exact = counter !== null && total <= EXACT_COUNT_LIMIT;
  const count = exact ? counter : roughCount;
  const tokens = texts.reduce((n, t) => n + count(t) + PER_MESSAGE_OVERHEAD, 0);
  return { tokens, counted: exact };
}

export function estimateCost(
  model: ModelSummary,
  input: { tokens: number; counted: boolean },
  maxTokens: number | undefined,
): CostEstimate {
  const { pricing } = model;
  const inputCost = input.tokens * pricing.prompt + pricing.request;
  const room = model.contextLength !== null ? Math.max(0, model.contextLength - input.tokens) : null;
  const limit = maxTokens ?? model.maxCompletionTokens ?? room;
  const maxOutputTokens = limit === null ? null : room === null ? limit : Math.min(limit, room);
  return {
    inputTokens: input.tokens,
    counted: input.counted,
    inputCost,
    maxOutputTokens,
    maxOutputCost: maxOutputTokens === null ? null : maxOutputTokens * pricing.completion,
    variable: pricing.variable,
  };
}

/** "≈ 1,234 tokens · $0.000123 in + up to $0.0312 out (estimate)". */
export function describeEstimate(e: CostEstimate): string {
  const tokens = `${e.counted ? '' : '≈ '}${formatCount(e.inputTokens)} input tokens`;
  if (e.variable) return `${tokens} · price depends on the model the router picks`;
  const output = e.maxOutputCost === null ? '' : ` + up to ${formatUsd(e.maxOutputCost)} out`;
  return `${tokens} · ${formatUsd(e.inputCost)} in${output} (estimate)`;
}
