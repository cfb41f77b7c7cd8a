import { describe, expect, it } from 'vitest';
import { errorFromStatus, errorFromStreamChunk, networkError, retryAfterFrom } from './errors';

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
