/**
 * What a chat request will answer, decided before the first byte: the reasoning and answer
 * tokens, why it stops, and what it costs. The same request always gets the same plan.
 */
import type { Pricing } from './catalog';
import type { Directives, ErrorCodeDirective, UsageShape } from './directives';
import { MAX_TOKENS_DIRECTIVE } from './directives';
import { costOf } from './pricing';
import type { Route } from './routing';
import { countPromptTokens, generateTokens, type Message } from './text';

export const DEFAULT_ANSWER_TOKENS = 24;

const effortTokens: Record<string, number> = { minimal: 4, low: 8, medium: 16, high: 32, xhigh: 48, max: 64 };

export interface Plan {
  promptTokens: number;
  reasoning: string[];
  answer: string[];
  finishReason: 'stop' | 'length';
  /** Whether deltas carry the reasoning fields (reasoning was asked for). */
  withReasoning: boolean;
  /** Fail mid-stream with this status after `errorAfter` tokens. */
  midstreamError?: ErrorCodeDirective;
  errorAfter: number;
  tokensPerSecond: number;
  usageShape?: UsageShape;
  /** Leave `cost` out of the usage object, as some providers' usage does. */
  omitUsageCost?: boolean;
  /** Never publish the generation on /generation. */
  generationMissing?: boolean;
  /** Connection faults: go silent, end early, or break the socket after this many tokens. */
  fault?: { kind: 'stall' | 'cutoff' | 'drop'; after: number };
}

/** Reasoning tokens asked for in the body, when the model can reason (0 = none). */
function requestedReasoning(body: Record<string, unknown>, route: Route): number {
  if (!route.used.supported_parameters.includes('reasoning')) return 0;
  const reasoning = body.reasoning as Record<string, unknown> | undefined;
  if (reasoning && typeof reasoning === 'object') {
    if (reasoning.exclude === true || reasoning.enabled === false || reasoning.effort === 'none') return 0;
    if (typeof reasoning.max_tokens === 'number' && reasoning.max_tokens > 0) {
      return Math.min(Math.floor(reasoning.max_tokens), effortTokens.max as number);
    }
    return effortTokens[String(reasoning.effort)] ?? (effortTokens.medium as number);
  }
  if (body.include_reasoning === true) return effortTokens.medium as number;
  const effort = body.reasoning_effort;
  if (typeof effort === 'string' && effort !== 'none') return effortTokens[effort] ?? (effortTokens.medium as number);
  return 0;
}

/** max_completion_tokens, else the deprecated max_tokens; only positive integers count. */
export function tokenLimit(body: Record<string, unknown>): number | undefined {
  for (const value of [body.max_completion_tokens, body.max_tokens]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}

export function planAnswer(
  body: Record<string, unknown>,
  messages: Message[],
  route: Route,
  directives: Directives,
  defaultTokensPerSecond: number,
): Plan {
  const seed = `${route.used.id}\n${JSON.stringify(messages)}`;
  const wantedReasoning = Math.min(directives.reasoning ?? requestedReasoning(body, route), MAX_TOKENS_DIRECTIVE);
  const wantedAnswer = directives.tokens ?? DEFAULT_ANSWER_TOKENS;
  const limit = tokenLimit(body);

  // The limit covers reasoning and answer together, as it does upstream.
  let reasoningCount = wantedReasoning;
  let answerCount = wantedAnswer;
  let finishReason: Plan['finishReason'] = 'stop';
  if (limit !== undefined && reasoningCount + answerCount > limit) {
    reasoningCount = Math.min(reasoningCount, limit);
    answerCount = limit - reasoningCount;
    finishReason = 'length';
  }

  // Cut tokens from the full text, so a truncated answer is a prefix of the complete one.
  const reasoning = generateTokens(seed, wantedReasoning, 'reasoning').slice(0, reasoningCount);
  const answer = generateTokens(seed, wantedAnswer, 'answer', directives.format).slice(0, answerCount);
  const total = reasoning.length + answer.length;

  const plan: Plan = {
    promptTokens: countPromptTokens(messages),
    reasoning,
    answer,
    finishReason,
    withReasoning: wantedReasoning > 0,
    errorAfter: Math.max(total > 0 ? 1 : 0, Math.floor(total / 2)),
    tokensPerSecond: directives.rate ?? defaultTokensPerSecond,
  };
  if (directives.midstreamError !== undefined) plan.midstreamError = directives.midstreamError;
  if (directives.usageShape !== undefined) plan.usageShape = directives.usageShape;
  if (directives.usageCost === 'omit') plan.omitUsageCost = true;
  if (directives.generation === 'missing') plan.generationMissing = true;
  if (directives.stallAfter !== undefined) plan.fault = { kind: 'stall', after: directives.stallAfter };
  if (directives.cutoffAfter !== undefined) plan.fault = { kind: 'cutoff', after: directives.cutoffAfter };
  if (directives.dropAfter !== undefined) plan.fault = { kind: 'drop', after: directives.dropAfter };
  return plan;
}

export interface Usage {
  cost: number;
  usage: Record<string, unknown>;
}

/** The usage object of a response or final chunk, for the tokens actually produced. */
export function usageOf(pricing: Pricing, promptTokens: number, reasoningTokens: number, answerTokens: number): Usage {
  const completionTokens = reasoningTokens + answerTokens;
  const cost = costOf(pricing, { promptTokens, completionTokens, reasoningTokens });
  return {
    cost: cost.total,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      cost: cost.total,
      is_byok: false,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0, video_tokens: 0 },
      cost_details: {
        upstream_inference_cost: cost.total,
        upstream_inference_prompt_cost: cost.prompt,
        upstream_inference_completions_cost: cost.completion,
      },
      completion_tokens_details: { reasoning_tokens: reasoningTokens, image_tokens: 0, audio_tokens: 0 },
    },
  };
}
