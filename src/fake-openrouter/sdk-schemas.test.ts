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
});
