import { describe, expect, it } from 'vitest';
import type { ChatDone } from '../../../../shared/schemas';
import {
  answerMeta,
  checkParams,
  CREDITS_URL,
  errorAction,
  messagesToSend,
  promptOf,
  readParams,
  type AssistantTurn,
  type Turn,
} from './conversation';

function answer(content: string, status: AssistantTurn['status'], extra: Partial<AssistantTurn> = {}): AssistantTurn {
  return {
    id: `a-${content}`,
    role: 'assistant',
    requestId: 'r',
    model: 'openai/gpt-5-mini',
    content,
    reasoning: '',
    status,
    done: null,
    error: null,
    usage: null,
    ...extra,
  };
}

const done: ChatDone = {
  requestId: 'r',
  ledgerId: 1,
  generationId: 'gen-1',
  model: 'openai/gpt-5-mini-2026-08-01',
  provider: 'OpenAI',
  finishReason: 'stop',
  usage: { promptTokens: 1234, completionTokens: 56, reasoningTokens: null, cachedTokens: null, cost: 0.00012195 },
  ttftMs: 850,
  durationMs: 2300,
};

describe('messagesToSend', () => {
  it('sends the whole conversation, oldest first, with the system prompt on top', () => {
    const turns: Turn[] = [
      { id: 'u1', role: 'user', content: 'Hi' },
      answer('Hello!', 'done'),
      { id: 'u2', role: 'user', content: 'And now?' },
    ];
    expect(messagesToSend(turns, 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'And now?' },
    ]);
  });

  it('leaves out a blank system prompt, failed answers and empty ones', () => {
    const turns: Turn[] = [
      { id: 'u1', role: 'user', content: 'Hi' },
      answer('half an ans', 'error'),
      answer('', 'stopped'),
      { id: 'u2', role: 'user', content: 'Again' },
      answer('still going', 'streaming'),
    ];
    expect(messagesToSend(turns, '   ')).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Again' },
    ]);
  });

  it('keeps a stopped answer as far as it got, since the user saw it', () => {
    const turns: Turn[] = [{ id: 'u1', role: 'user', content: 'Count' }, answer('1, 2, 3', 'stopped')];
    expect(messagesToSend(turns, '')).toContainEqual({ role: 'assistant', content: '1, 2, 3' });
  });

  it('does not resend a message whose answer failed with nothing to show', () => {
    const turns: Turn[] = [
      { id: 'u1', role: 'user', content: 'First' },
      answer('', 'error', { error: { code: 'unauthorized', message: 'Bad key' } }),
      { id: 'u2', role: 'user', content: 'Second' },
      answer('Fine.', 'done'),
      { id: 'u3', role: 'user', content: 'Third' },
    ];
    expect(messagesToSend(turns, '')).toEqual([
      { role: 'user', content: 'Second' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'user', content: 'Third' },
    ]);
  });

  it('keeps the message of an answer that failed part-way or was stopped before any text', () => {
    const turns: Turn[] = [
      { id: 'u1', role: 'user', content: 'Story' },
      answer('Once upon', 'error'),
      { id: 'u2', role: 'user', content: 'Count' },
      answer('', 'stopped'),
      { id: 'u3', role: 'user', content: 'Next' },
    ];
    expect(messagesToSend(turns, '').map((m) => m.content)).toEqual(['Story', 'Count', 'Next']);
  });
});

describe('promptOf', () => {
  it('finds the message an answer replied to', () => {
    const failed = answer('', 'error');
    const turns: Turn[] = [{ id: 'u1', role: 'user', content: 'Hi' }, failed];
    expect(promptOf(turns, failed.id)).toEqual({ id: 'u1', role: 'user', content: 'Hi' });
    expect(promptOf(turns, 'u1')).toBeNull();
    expect(promptOf(turns, 'missing')).toBeNull();
  });
});

describe('errorAction', () => {
  it('sends key problems to Settings and a 402 to the credits page', () => {
    expect(errorAction({ code: 'no_key', message: '' })).toMatchObject({ kind: 'settings', label: 'Open Settings' });
    expect(errorAction({ code: 'unauthorized', message: '' })).toMatchObject({ kind: 'settings' });
    expect(errorAction({ code: 'payment_required', message: '' })).toEqual({
      kind: 'link',
      label: 'Add credits',
      href: CREDITS_URL,
    });
    expect(CREDITS_URL).toBe('https://openrouter.ai/settings/credits');
  });

  it('offers nothing extra for errors that only a retry or another model can fix', () => {
    expect(errorAction({ code: 'provider_error', message: '' })).toBeNull();
    expect(errorAction({ code: 'rate_limited', message: '' })).toBeNull();
    expect(errorAction(null)).toBeNull();
  });
});

describe('checkParams', () => {
  it('marks a temperature that cannot be read as an error instead of sending the default', () => {
    for (const typed of ['1e', 'abc', '0x1', 'Infinity', '1.2.3', '-0.5', '5']) {
      const check = checkParams(typed, '');
      expect(check.params, typed).toBeNull();
      expect(check.errors.temperature, typed).toMatch(/0 to 2/);
      expect(check.errors.maxTokens).toBeNull();
    }
  });

  it('reads plain decimals, with a comma as the decimal point too', () => {
    expect(checkParams('0.7', '').params).toEqual({ temperature: 0.7 });
    expect(checkParams('0,7', '').params).toEqual({ temperature: 0.7 });
    expect(checkParams('.5', ' 256 ').params).toEqual({ temperature: 0.5, max_tokens: 256 });
  });

  it('refuses max tokens that are not a whole number above zero', () => {
    for (const typed of ['1.5', '-1', '0', '1e3', '99999999999999999999', 'lots']) {
      expect(checkParams('', typed).errors.maxTokens, typed).toMatch(/whole number above 0/);
    }
  });

  it("warns when max tokens exceeds the model's output limit or its whole context", () => {
    const model = { maxCompletionTokens: 16_384, contextLength: 128_000 };
    expect(checkParams('', '16384', model).maxTokensWarning).toBeNull();
    const overOutput = checkParams('', '20000', model);
    expect(overOutput.params).toEqual({ max_tokens: 20_000 });
    expect(overOutput.maxTokensWarning).toMatch(/at most 16,384 tokens/);
    expect(checkParams('', '200000', { maxCompletionTokens: null, contextLength: 128_000 }).maxTokensWarning).toMatch(
      /context of 128,000 tokens/,
    );
    expect(checkParams('', '200000', null).maxTokensWarning).toBeNull();
  });
});

describe('readParams', () => {
  it('leaves empty fields to the model default', () => {
    expect(readParams('', ' ')).toEqual({ ok: true, params: {} });
  });

  it('reads temperature and max tokens as numbers', () => {
    expect(readParams('0.7', '256')).toEqual({ ok: true, params: { temperature: 0.7, max_tokens: 256 } });
    expect(readParams('0', '')).toEqual({ ok: true, params: { temperature: 0 } });
  });

  it('refuses values OpenRouter would refuse, saying what is allowed', () => {
    const hot = readParams('2.5', '');
    expect(hot.ok).toBe(false);
    expect(!hot.ok && hot.message).toMatch(/0 to 2/);
    expect(readParams('', '1.5').ok).toBe(false);
    expect(readParams('', '0').ok).toBe(false);
    expect(readParams('warm', '').ok).toBe(false);
    expect(readParams('1e', '').ok).toBe(false);
  });
});

describe('answerMeta', () => {
  it('lists model used, provider, tokens, billed cost, TTFT and duration', () => {
    expect(answerMeta(answer('x', 'done', { done }))).toEqual([
      'openai/gpt-5-mini-2026-08-01',
      'OpenAI',
      '1,234 in / 56 out tokens',
      '$0.000122',
      'TTFT 850 ms',
      '2.3 s',
    ]);
  });

  it('mentions reasoning tokens and shows a free answer as $0', () => {
    const free = { ...done, usage: { ...done.usage, reasoningTokens: 900, cost: 0 } };
    const meta = answerMeta(answer('x', 'done', { done: free }));
    expect(meta).toContain('1,234 in / 56 out tokens (900 reasoning)');
    expect(meta).toContain('$0');
  });

  it('falls back to the requested model and says when the cost was not reported', () => {
    const bare = { ...done, model: null, provider: null, ttftMs: null, usage: { ...done.usage, cost: null } };
    expect(answerMeta(answer('x', 'done', { done: bare }))).toEqual([
      'openai/gpt-5-mini',
      '1,234 in / 56 out tokens',
      'cost not reported',
      '2.3 s',
    ]);
  });

  it('shows what a stopped answer was billed when the core reported it', () => {
    const usage = { promptTokens: 10, completionTokens: 3, reasoningTokens: null, cachedTokens: null, cost: 0.00001 };
    expect(answerMeta(answer('x', 'stopped', { usage }))).toEqual(['10 in / 3 out tokens', '$0.00001']);
    expect(answerMeta(answer('x', 'stopped'))).toEqual([]);
  });
});
