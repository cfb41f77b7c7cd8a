/**
 * The proof that the fake answers in OpenRouter's own shapes: every response parses with the
 * inbound zod schemas of the official @openrouter/sdk.
 */
import * as sdk from '@openrouter/sdk/models';
import * as operations from '@openrouter/sdk/models/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from './server';
import { ask, json, catalogFile, chat, get, jsonChunks, parseSse, pollGeneration } from './test-support';

let fake: FakeOpenRouter;
const key = fakeKey('valid', 11);

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 0, defaultTokensPerSecond: 0 });
});
afterAll(() => fake.close());

describe('catalog routes parse with the SDK schemas', () => {
  it('GET /models: all 414 real models, as captured', async () => {
    const body = await json(get(fake, '/models'));
    const parsed = sdk.ModelsListResponse$inboundSchema.parse(body);
    expect(parsed.data).toHaveLength(414);
    expect(parsed.totalCount).toBe(414);
    expect(body).toEqual(catalogFile());
  });

  it('GET /models/count and GET /model/{author}/{slug}', async () => {
    const count = sdk.ModelsCountResponse$inboundSchema.parse(await json(get(fake, '/models/count')));
    expect(count.data.count).toBe(414);
    const model = sdk.ModelResponse$inboundSchema.parse(await json(get(fake, '/model/anthropic/claude-sonnet-4.5')));
    expect(model.data.id).toBe('anthropic/claude-sonnet-4.5');
  });

  // The Kimi K3 endpoints are served verbatim from a real capture (2026-08), which lacks the
  // `supports_tool_choice` object this SDK's schema requires of every endpoint: the real API is
  // looser than its own SDK there, and the fake copies the real API. The test below proves it.
  it('GET /models/{id}/endpoints for every model except the captured Kimi K3 sample', async () => {
    const models = catalogFile().data.filter((m) => m.id !== 'moonshotai/kimi-k3');
    for (const model of models) {
      const response = await get(fake, `/models/${model.id}/endpoints`);
      expect(response.status, model.id).toBe(200);
      const parsed = operations.ListEndpointsResponse$inboundSchema.parse(await json(response));
      expect(parsed.data.id).toBe(model.id);
      if (!model.id.startsWith('openrouter/')) expect(parsed.data.endpoints.length, model.id).toBeGreaterThan(0);
    }
  });

  it('serves the Kimi K3 capture as captured, which the SDK schema rejects only for supports_tool_choice', async () => {
    const result = operations.ListEndpointsResponse$inboundSchema.safeParse(
      await json(get(fake, '/models/moonshotai/kimi-k3/endpoints')),
    );
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((i) => String(i.path[i.path.length - 1])));
    expect([...fields]).toEqual(['supports_tool_choice']);
  });

  it('GET /providers', async () => {
    const parsed = operations.ListProvidersResponse$inboundSchema.parse(await json(get(fake, '/providers')));
    expect(parsed.data.map((p) => p.slug)).toContain('fireworks');
  });
});

describe('account routes parse with the SDK schemas', () => {
  it('GET /key and GET /auth/key', async () => {
    for (const path of ['/key', '/auth/key']) {
      const parsed = operations.GetCurrentKeyResponse$inboundSchema.parse(await json(get(fake, path, key)));
      expect(parsed.data.label).toBe(`${key.slice(0, 12)}...${key.slice(-3)}`);
    }
  });

  it('GET /credits', async () => {
    const parsed = operations.GetCreditsResponse$inboundSchema.parse(await json(get(fake, '/credits', key)));
    expect(parsed.data.totalCredits).toBeGreaterThan(0);
  });

  it('error bodies', async () => {
    const unauthorized = await json(get(fake, '/key'));
    expect(sdk.UnauthorizedResponseErrorData$inboundSchema.parse(unauthorized.error).code).toBe(401);
    const badModel = await json(chat(fake, key, { model: 'acme/fake-1.0', messages: ask('hi') }));
    expect(sdk.BadRequestResponseErrorData$inboundSchema.parse(badModel.error).message).toBe(
      'acme/fake-1.0 is not a valid model ID',
    );
    const payment = await json(chat(fake, key, { model: 'openai/gpt-oss-20b', messages: ask('[[fake:error=402]]') }));
    expect(sdk.PaymentRequiredResponseErrorData$inboundSchema.parse(payment.error).code).toBe(402);
    const limited = await json(chat(fake, key, { model: 'openai/gpt-oss-20b', messages: ask('[[fake:error=429]]') }));
    expect(sdk.TooManyRequestsResponseErrorData$inboundSchema.parse(limited.error).code).toBe(429);
  });

  it('the 402 of a max_tokens pre-authorisation, moderation, and Gemini’s lost-reasoning 400', async () => {
    const afford = await json(
      chat(fake, key, { model: 'openai/gpt-oss-20b', max_tokens: 900, messages: ask('[[fake:afford=100]]') }),
    );
    expect(sdk.PaymentRequiredResponseErrorData$inboundSchema.parse(afford.error).message).toMatch(
      /You requested up to 900 tokens, but can only afford 100\./,
    );
    const moderated = await json(
      chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask('[[fake:error=403]]') }),
    );
    expect(sdk.ForbiddenResponseErrorData$inboundSchema.parse(moderated.error).metadata?.reasons).toEqual(['violence']);
    const lost = await json(
      chat(fake, key, {
        model: 'google/gemini-3-flash-preview',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'user', content: 'More [[fake:require-reasoning-details]]' },
        ],
      }),
    );
    expect(sdk.BadRequestResponseErrorData$inboundSchema.parse(lost.error).metadata?.raw).toMatch(
      /^Gemini models require OpenRouter reasoning details/,
    );
  });
});

describe('chat and generation responses parse with the SDK schemas', () => {
  it('a non-streaming chat result with reasoning, then its generation', async () => {
    const response = await chat(fake, key, {
      model: 'qwen/qwen3.8-27b',
      messages: ask('Explain routing briefly.'),
      reasoning: { effort: 'low' },
    });
    const result = sdk.ChatResult$inboundSchema.parse(await json(response));
    expect(result.model).toBe('qwen/qwen3.8-27b-20260814');
    expect(result.choices[0]?.message.reasoning).toBeTruthy();
    expect(result.usage?.completionTokensDetails?.reasoningTokens).toBe(8);

    const { response: generation } = await pollGeneration(fake, key, result.id);
    const parsed = sdk.GenerationResponse$inboundSchema.parse(await json(generation));
    expect(parsed.data.id).toBe(result.id);
    expect(parsed.data.totalCost).toBe(result.usage?.cost);
  });

  it('every chunk of a stream, both usage-chunk shapes, and the mid-stream error chunk', async () => {
    const prompts = [
      'Stream this. [[fake:reasoning=3]] [[fake:usage-shape=empty-delta]]',
      'Stream that. [[fake:usage-shape=empty-choices]]',
      'Fail halfway. [[fake:midstream-error=502]]',
    ];
    let usageChunks = 0;
    let errorChunks = 0;
    for (const prompt of prompts) {
      const response = await chat(fake, key, { model: 'moonshotai/kimi-k3', stream: true, messages: ask(prompt) });
      const chunks = jsonChunks(parseSse(await response.text()));
      expect(chunks.length).toBeGreaterThan(3);
      for (const chunk of chunks) {
        const parsed = sdk.ChatStreamChunk$inboundSchema.parse(chunk);
        if (parsed.usage) usageChunks++;
        if (parsed.error) errorChunks++;
      }
    }
    expect(usageChunks).toBe(2);
    expect(errorChunks).toBe(1);
  });

  it('a reasoning stream’s reasoning_details pieces, and usage without cost', async () => {
    const response = await chat(fake, key, {
      model: 'google/gemini-3-flash-preview',
      stream: true,
      reasoning: { effort: 'low' },
      messages: ask('Think, then answer. [[fake:usage-cost=omit]]'),
    });
    const parsed = jsonChunks(parseSse(await response.text())).map((c) => sdk.ChatStreamChunk$inboundSchema.parse(c));
    const pieces = parsed.flatMap((c) => c.choices[0]?.delta.reasoningDetails ?? []);
    expect(pieces).toHaveLength(8);
    for (const piece of pieces) expect(piece).toMatchObject({ type: 'reasoning.text', format: 'unknown', index: 0 });
    const usage = parsed.at(-1)?.usage;
    expect(usage?.completionTokens).toBe(8 + 24);
    expect(usage?.cost).toBeUndefined();

    const once = sdk.ChatResult$inboundSchema.parse(
      await json(chat(fake, key, { model: 'openai/gpt-oss-20b', messages: ask('[[fake:usage-cost=omit]]') })),
    );
    expect(once.usage?.completionTokens).toBe(24);
    expect(once.usage?.cost).toBeUndefined();
  });
});
