import { describe, expect, it } from 'vitest';
import { testMessage } from '../../../test/fixtures';
import {
  answerFacts,
  autoRetryDelay,
  conversationCost,
  errorAction,
  switchAlternative,
  threadView,
  tokensPerSecond,
} from './thread';

const msg = testMessage;

// 1 user → 2 answer, 3 answer (regenerated); 3 → 4 user → 5 answer; 1' = 6 user (edited) → 7 answer
const tree = [
  msg(1, null, 'user'),
  msg(2, 1, 'assistant'),
  msg(3, 1, 'assistant'),
  msg(4, 3, 'user'),
  msg(5, 4, 'assistant'),
  msg(6, null, 'user'),
  msg(7, 6, 'assistant'),
];

describe('threadView', () => {
  it('shows the stored branch, root to leaf, with each message placed among its alternatives', () => {
    const view = threadView({ messages: tree, activeLeafId: 5 });
    expect(view.rows.map((r) => r.message.id)).toEqual([1, 3, 4, 5]);
    expect(view.rows.map((r) => `${r.alternative.index}/${r.alternative.count}`)).toEqual(['1/2', '2/2', '1/1', '1/1']);
    expect(view.leafId).toBe(5);
  });

  it('falls back to the newest branch when the stored leaf is gone', () => {
    const view = threadView({ messages: tree, activeLeafId: 999 });
    expect(view.rows.map((r) => r.message.id)).toEqual([6, 7]);
  });

  it('is empty for an empty conversation', () => {
    expect(threadView({ messages: [], activeLeafId: null })).toMatchObject({ rows: [], leafId: null });
  });
});

describe('switchAlternative', () => {
  it('moves to the sibling and follows its newest branch down to a leaf', () => {
    const view = threadView({ messages: tree, activeLeafId: 5 });
    const answerRow = view.rows[1]!;
    expect(switchAlternative(view, answerRow, -1)).toBe(2);
    const firstRow = view.rows[0]!;
    expect(switchAlternative(view, firstRow, 1)).toBe(7);
    expect(switchAlternative(view, firstRow, -1)).toBeNull();
  });
});

describe('conversationCost', () => {
  it('sums every answer on every branch and says when part of it is estimated', () => {
    const usage = (cost: number | null, costSource: 'billed' | 'estimated' | null) => ({
      promptTokens: 1,
      completionTokens: 1,
      reasoningTokens: null,
      cachedTokens: null,
      cost,
      costSource,
    });
    const messages = [
      msg(1, null, 'user'),
      msg(2, 1, 'assistant', { usage: usage(0.1, 'billed') }),
      msg(3, 1, 'assistant', { usage: usage(0.2, 'estimated') }),
      msg(4, 1, 'assistant', { usage: usage(null, null) }),
    ];
    const cost = conversationCost(messages);
    expect(cost.total).toBeCloseTo(0.3, 12);
    expect(cost.estimated).toBe(true);
    expect(conversationCost(messages.slice(0, 2)).estimated).toBe(false);
  });
});

describe('answerFacts', () => {
  it('lists model, provider, tokens, reasoning share, cost with its source, TTFT, speed and duration', () => {
    const m = msg(2, 1, 'assistant', {
      modelUsed: 'openai/gpt-5-mini-2026-08-01',
      provider: 'OpenAI',
      usage: {
        promptTokens: 1234,
        completionTokens: 200,
        reasoningTokens: 50,
        cachedTokens: 1000,
        cost: 0.00012195,
        costSource: 'billed',
      },
      ttftMs: 500,
      durationMs: 2500,
      finishReason: 'length',
    });
    expect(answerFacts(m)).toEqual([
      'openai/gpt-5-mini-2026-08-01',
      'OpenAI',
      '1,234 in / 200 out tokens',
      '50 reasoning (25% of output)',
      '1,000 cached',
      '$0.000122 billed',
      'TTFT 500 ms',
      '100 tok/s',
      '2.5 s',
      'finish: length',
    ]);
  });

  it('says where a cost came from when it was not billed on the stream', () => {
    const usage = { promptTokens: 10, completionTokens: 5, reasoningTokens: null, cachedTokens: null, cost: 0.5 };
    expect(answerFacts(msg(2, 1, 'assistant', { usage: { ...usage, costSource: 'generation' } }))).toContain(
      '$0.50 from OpenRouter later',
    );
    expect(answerFacts(msg(2, 1, 'assistant', { usage: { ...usage, costSource: 'estimated' } }))).toContain(
      '$0.50 estimated',
    );
    expect(answerFacts(msg(2, 1, 'assistant', { usage: { ...usage, cost: null, costSource: null } }))).toContain(
      'cost not reported yet',
    );
  });

  it('has no speed without a duration or output tokens', () => {
    expect(tokensPerSecond(msg(2, 1, 'assistant'))).toBeNull();
  });
});

describe('errorAction', () => {
  it('sends key problems to Settings and missing credits to the credits page', () => {
    expect(errorAction({ code: 'unauthorized', message: '' })).toEqual({ kind: 'settings', label: 'Open Settings' });
    expect(errorAction({ code: 'payment_required', message: '' })).toMatchObject({
      kind: 'link',
      href: 'https://openrouter.ai/settings/credits',
    });
    expect(errorAction({ code: 'provider_error', message: '' })).toBeNull();
  });
});

describe('autoRetryDelay', () => {
  it('honours Retry-After, bounded, and stops after the last attempt', () => {
    expect(autoRetryDelay({ code: 'rate_limited', message: '', retryAfterSeconds: 7.2 }, 0)).toBe(8);
    expect(autoRetryDelay({ code: 'provider_error', message: '', retryAfterSeconds: 9000 }, 0)).toBe(300);
    expect(autoRetryDelay({ code: 'rate_limited', message: '', retryAfterSeconds: 3 }, 3)).toBeNull();
  });

  it('backs off 2, 4, 8 s on a rate limit without Retry-After, and never retries other errors by itself', () => {
    const limited = { code: 'rate_limited' as const, message: '' };
    expect([0, 1, 2].map((a) => autoRetryDelay(limited, a))).toEqual([2, 4, 8]);
    expect(autoRetryDelay({ code: 'provider_error', message: '' }, 0)).toBeNull();
    expect(autoRetryDelay({ code: 'payment_required', message: '', retryAfterSeconds: 5 }, 0)).toBeNull();
  });
});
