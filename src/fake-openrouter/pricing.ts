/**
 * What a generation costs, from the catalog's prices (strings of USD per token, missing = 0).
 * Long-prompt overrides (`min_prompt_tokens`) apply, later entries winning, as OpenRouter
 * documents. Time-of-day overrides (`utc_start`/`utc_end`) are ignored: the catalog's top-level
 * prices already are the "now" prices of the capture, and a fake must not cost more at 10:00.
 */
import type { Pricing } from './catalog';

export interface TokenCounts {
  promptTokens: number;
  /** All completion tokens, reasoning included (as in usage.completion_tokens). */
  completionTokens: number;
  reasoningTokens: number;
}

export interface Cost {
  total: number;
  prompt: number;
  completion: number;
}

function price(value: unknown): number {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : 0;
  // Routers say "-1" (the routed model decides); never bill a negative price.
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function applicablePrices(pricing: Pricing, promptTokens: number): Record<string, unknown> {
  let prices: Record<string, unknown> = pricing;
  const overrides = Array.isArray(pricing.overrides) ? (pricing.overrides as Record<string, unknown>[]) : [];
  for (const override of overrides) {
    if (override.utc_start !== undefined || override.utc_end !== undefined) continue;
    const minimum = typeof override.min_prompt_tokens === 'number' ? override.min_prompt_tokens : 0;
    if (promptTokens >= minimum) prices = { ...prices, ...override };
  }
  return prices;
}

/**
 * prompt × prompt price + answer tokens × completion price + reasoning tokens × the
 * internal_reasoning price (the completion price when the model has none), plus any per-request fee.
 */
export function costOf(pricing: Pricing, tokens: TokenCounts): Cost {
  const prices = applicablePrices(pricing, tokens.promptTokens);
  const completionPrice = price(prices.completion);
  const reasoningPrice = prices.internal_reasoning === undefined ? completionPrice : price(prices.internal_reasoning);
  const answerTokens = tokens.completionTokens - tokens.reasoningTokens;
  const prompt = tokens.promptTokens * price(prices.prompt) + price(prices.request);
  const completion = answerTokens * completionPrice + tokens.reasoningTokens * reasoningPrice;
  return { total: prompt + completion, prompt, completion };
}
