import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import {
  cutOffError,
  errorFromStatus,
  errorFromStreamChunk,
  isBrokenConnection,
  networkError,
  retryAfterFrom,
  stallError,
  toChatError,
} from './errors';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('OpenRouter errors become messages that say what to do', () => {
  it('401 points at the key settings', () => {
    const e = errorFromStatus({ status: 401, body: { error: { message: 'User not found.', code: 401 } } });
    expect(e.code).toBe('unauthorized');
    expect(e.message).toContain('User not found.');
    expect(e.message).toContain('Settings');
  });

  it('402 says to add credits or lower max tokens', () => {
    const e = errorFromStatus({ status: 402, body: { error: { message: 'Insufficient credits.', code: 402 } } });
    expect(e.code).toBe('payment_required');
    expect(e.message).toMatch(/credits.*Max tokens/s);
  });

  it('429 from an upstream provider shows the raw provider text and the wait', () => {
    const e = errorFromStatus({
      status: 429,
      retryAfterSeconds: 12,
      body: {
        error: {
          message: 'Provider returned error',
          code: 429,
          metadata: { raw: 'temporarily rate-limited upstream', provider_name: 'ModelRun' },
        },
      },
    });
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterSeconds).toBe(12);
    expect(e.message).toContain('temporarily rate-limited upstream (provider: ModelRun).');
    expect(e.message).toContain('Wait 12 s');
  });

  it('reads Retry-After seconds and X-RateLimit-Reset epoch milliseconds', () => {
    expect(retryAfterFrom(headers({ 'retry-after': '30' }))).toBe(30);
    expect(retryAfterFrom(headers({ 'x-ratelimit-reset': String(1_000_000 + 4_500) }), 1_000_000)).toBe(5);
    expect(retryAfterFrom(headers({}))).toBeUndefined();
  });

  it('a mid-stream error chunk keeps its code, numeric or legacy string', () => {
    const numeric = errorFromStreamChunk({ code: 429, message: 'Rate limit exceeded' });
    expect(numeric.code).toBe('rate_limited');
    expect(numeric.message).toMatch(/^The answer stopped part-way/);
    const legacy = errorFromStreamChunk({ code: 'server_error', message: 'boom' });
    expect(legacy.code).toBe('provider_error');
  });

  it('an unreachable server names the URL and the system error code', () => {
    const e = networkError(
      'http://127.0.0.1:9/api/v1',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    );
    expect(e.code).toBe('network');
    expect(e.message).toContain('http://127.0.0.1:9/api/v1 (ECONNREFUSED)');
  });
});

describe('errors from OpenRouter itself are worded about OpenRouter, not a model', () => {
  it('a 503 from /key or /models says OpenRouter is having trouble', () => {
    const e = errorFromStatus({
      status: 503,
      about: 'openrouter',
      body: { error: { message: 'Service Unavailable', code: 503 } },
    });
    expect(e.code).toBe('provider_error');
    expect(e.message).toContain('OpenRouter is having trouble (HTTP 503)');
    expect(e.message).not.toContain('another model');
  });
});

describe('provider error bodies', () => {
  it('shows the message inside a provider JSON body instead of the JSON', () => {
    const raw = JSON.stringify({
      error: { message: 'Invalid request: temperature must be <= 1', type: 'invalid_request_error' },
    });
    const e = errorFromStatus({
      status: 400,
      body: { error: { message: 'Provider returned error', code: 400, metadata: { raw, provider_name: 'Acme' } } },
    });
    expect(e.message).toContain('Invalid request: temperature must be <= 1 (provider: Acme)');
    expect(e.message).not.toContain('{"error"');
  });

  it('does not repeat advice OpenRouter already gave', () => {
    const e = errorFromStatus({
      status: 402,
      body: {
        error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 },
      },
    });
    expect(e.message.match(/settings\/credits/g)).toHaveLength(1);
    const bare = errorFromStatus({ status: 402, body: { error: { message: 'Payment required', code: 402 } } });
    expect(bare.message).toContain('https://openrouter.ai/settings/credits');
  });
});

describe('what to do about credits, moderation, limits and lost reasoning', () => {
  it('402 of a max_tokens pre-authorisation: the affordable amount and "lower Max tokens or add credits"', () => {
    const e = errorFromStatus({
      status: 402,
      body: {
        error: {
          message:
            'This request requires more credits, or fewer max_tokens. You requested up to 65536 tokens, but can only afford 3395. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account',
          code: 402,
          metadata: { provider_name: null },
        },
      },
    });
    expect(e.code).toBe('payment_required');
    expect(e.message).toBe(
      'Your credits cover an answer of at most 3395 tokens, but this request allows an answer of up to 65536. Lower Max tokens to 3395 or less, or add credits at https://openrouter.ai/settings/credits.',
    );
  });

  it('402 of a key limit points at the key, not at credits', () => {
    const e = errorFromStatus({
      status: 402,
      body: {
        error: {
          message:
            'This request requires more credits, or fewer max_tokens. You requested up to 131072 tokens, but can only afford 54095. To increase, visit https://openrouter.ai/settings/keys/abc and create a key with a higher limit',
          code: 402,
        },
      },
    });
    expect(e.message).toMatch(
      /at most 54095 tokens.*Lower Max tokens to 54095 or less, or raise this key's credit limit at https:\/\/openrouter\.ai\/settings\/keys\.$/,
    );
  });

  it('403 from moderation names the reasons and what was flagged', () => {
    const e = errorFromStatus({
      status: 403,
      body: {
        error: {
          code: 403,
          message:
            'openai/gpt-5 requires moderation on OpenRouter. Your input was flagged for "violence". No credits were charged.',
          metadata: {
            reasons: ['violence', 'harassment'],
            flagged_input: 'Some text...more text',
            provider_name: 'OpenAI',
            model_slug: 'openai/gpt-5',
          },
        },
      },
    });
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe(
      'OpenRouter moderates openai/gpt-5, and your message was flagged for violence, harassment ("Some text...more text"), so it was not sent and nothing was charged. Rephrase the message, or choose a model without moderation.',
    );
    // Other refusals (a guardrail, a disabled key) keep OpenRouter's own words.
    const guardrail = errorFromStatus({
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Request blocked: prompt injection patterns detected',
          metadata: { patterns: [] },
        },
      },
    });
    expect(guardrail.message).toBe(
      'OpenRouter refused this request. OpenRouter said: Request blocked: prompt injection patterns detected.',
    );
  });

  it("429 of OpenRouter's free-model limit explains the limit and when to retry", () => {
    const reset = 1_000_000 + 42_000;
    const retryAfterSeconds = retryAfterFrom(
      headers({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }),
      1_000_000,
    );
    expect(retryAfterSeconds).toBe(42);
    const e = errorFromStatus({
      status: 429,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      body: { error: { message: 'Rate limit exceeded: free-models-per-min. ', code: 429 } },
    });
    expect(e.retryAfterSeconds).toBe(42);
    expect(e.message).toMatch(/Wait 42 s and try again\. Free models allow 20 requests a minute/);
  });

  it("Gemini's refusal of a history without reasoning says how to carry on", () => {
    const raw =
      'Gemini models require OpenRouter reasoning details to be preserved in each request. Please refer to our docs: https://openrouter.ai/docs/guides/best-practices/reasoning-tokens#preserving-reasoning-blocks. Upstream error: {}';
    const e = errorFromStatus({
      status: 400,
      body: {
        error: { message: 'Provider returned error', code: 400, metadata: { raw, provider_name: 'Google AI Studio' } },
      },
    });
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('Gemini models require OpenRouter reasoning details');
    expect(e.message).toContain('(provider: Google AI Studio)');
    expect(e.message).toMatch(/Edit the message before it to start a new branch, or choose another model\.$/);
  });
});

describe('errors thrown while streaming a chat', () => {
  const baseUrl = 'http://127.0.0.1:9/api/v1';

  it('an HTTP error keeps its status and the wait from Retry-After', () => {
    const e = toChatError(
      new OpenAI.APIError(
        429,
        { message: 'Provider returned error', code: 429, metadata: { raw: 'slow down', provider_name: 'P' } },
        undefined,
        new Headers({ 'retry-after': '7' }),
      ),
      baseUrl,
      false,
    );
    expect(e).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 7 });
    expect(e.message).toContain('slow down (provider: P). Wait 7 s');
  });

  it('an error chunk under HTTP 200 (no status) says the answer stopped part-way', () => {
    const e = toChatError(
      new OpenAI.APIError(undefined, { code: 502, message: 'Provider returned error' }, undefined, new Headers()),
      baseUrl,
      true,
    );
    expect(e.code).toBe('provider_error');
    expect(e.message).toMatch(/^The answer stopped part-way/);
  });

  it('a broken connection once the answer started is a break, not "unreachable"', () => {
    const terminated = new TypeError('terminated');
    expect(isBrokenConnection(terminated)).toBe(true);
    expect(isBrokenConnection(Object.assign(new Error('socket'), { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isBrokenConnection(new Error('other'))).toBe(false);
    expect(toChatError(terminated, baseUrl, true).message).toMatch(/broke part-way/);
    const connection = new OpenAI.APIConnectionError({
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(toChatError(connection, baseUrl, true).message).toMatch(/broke part-way/);
    expect(toChatError(connection, baseUrl, false).message).toContain(`${baseUrl} (ECONNREFUSED)`);
  });

  it('timeouts, cut-offs and stalls say the text so far is kept and what to do', () => {
    expect(toChatError(new OpenAI.APIConnectionTimeoutError(), baseUrl, false)).toMatchObject({ code: 'timeout' });
    expect(cutOffError().message).toMatch(/cut off.*text so far is kept; send again/);
    expect(stallError(120_000).message).toMatch(/^OpenRouter sent nothing for 120 s.*choose another provider\.$/);
  });

  it('passes an AppError through, and anything else is an internal error with advice', () => {
    const own = new AppError('no_key', 'Add a key.');
    expect(toChatError(own, baseUrl, false)).toBe(own);
    expect(toChatError(new RangeError('bug'), baseUrl, true)).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/restart RouterDesk/),
    });
  });
});
