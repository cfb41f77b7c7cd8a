import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer';
import type { ModelSummary } from '@shared/schemas';
import { countInput, describeEstimate, estimateCost, EXACT_COUNT_LIMIT, roughCount } from './estimate';

const pricing = {
  prompt: 0.000002,
  completion: 0.00001,
  request: 0,
  image: 0,
  webSearch: 0,
  internalReasoning: 0,
  inputCacheRead: 0,
  inputCacheWrite: 0,
  audio: 0,
  variable: false,
};
const model = { pricing, contextLength: 10_000, maxCompletionTokens: 4000 } as ModelSummary;

describe('countInput', () => {
  it('counts with the tokenizer when it has loaded, and labels the rough rule otherwise', () => {
    const texts = ['You are brief.', 'What is the capital of France?'];
    const exact = countInput(texts, countTokens);
    expect(exact.counted).toBe(true);
    expect(exact.tokens).toBe(countTokens(texts[0]!) + countTokens(texts[1]!) + 8);
    expect(countInput(texts, null)).toEqual({
      tokens: roughCount(texts[0]!) + roughCount(texts[1]!) + 8,
      counted: false,
    });
  });

  it('falls back to the rough rule for a huge paste, so typing stays quick', () => {
    const huge = 'word '.repeat(EXACT_COUNT_LIMIT / 4);
    expect(countInput([huge], countTokens).counted).toBe(false);
  });
});

describe('estimateCost', () => {
  it('prices the input and the worst case for the answer from max tokens', () => {
    const e = estimateCost(model, { tokens: 1000, counted: true }, 500);
    expect(e.inputCost).toBeCloseTo(0.002, 12);
    expect(e.maxOutputTokens).toBe(500);
    expect(e.maxOutputCost).toBeCloseTo(0.005, 12);
  });

  it("uses the model's longest answer without max tokens, capped by the room left in the context", () => {
    expect(estimateCost(model, { tokens: 1000, counted: true }, undefined).maxOutputTokens).toBe(4000);
    expect(estimateCost(model, { tokens: 9000, counted: true }, undefined).maxOutputTokens).toBe(1000);
  });

  it('says a router has no fixed price', () => {
    const router = { ...model, pricing: { ...pricing, variable: true } } as ModelSummary;
    expect(describeEstimate(estimateCost(router, { tokens: 10, counted: false }, undefined))).toMatch(/router picks/);
  });

  it('reads as an estimate, with ≈ when the tokens were not counted', () => {
    expect(describeEstimate(estimateCost(model, { tokens: 1234, counted: false }, 100))).toBe(
      '≈ 1,234 input tokens · $0.00247 in + up to $0.001 out (estimate)',
    );
  });
});
