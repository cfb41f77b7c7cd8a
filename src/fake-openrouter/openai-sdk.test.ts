/**
 * The app talks to OpenRouter through the openai SDK (v6): it must stream from the fake, see the
 * usage chunk with OpenRouter's cost, and surface both kinds of errors.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from './server';

let fake: FakeOpenRouter;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenRouter({ defaultTokensPerSecond: 0, generationDelayMs: 0 });
  client = new OpenAI({ baseURL: fake.baseUrl, apiKey: fakeKey('valid', 41), maxRetries: 0 });
});
afterAll(() => fake.close());

interface OpenRouterUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost: number;
}

describe('openai SDK against the fake', () => {
  it('streams content and reads the usage chunk, in both real shapes', async () => {
    for (const shape of ['empty-delta', 'empty-choices']) {
      const stream = await client.chat.completions.create({
        model: 'anthropic/claude-sonnet-4.5',
        messages: [{ role: 'user', content: `Hi there [[fake:usage-shape=${shape}]]` }],
        stream: true,
      });
      let content = '';
      let usage: OpenRouterUsage | undefined;
      let finishReason: string | null = null;
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        content += chunk.choices[0]?.delta.content ?? '';
        finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        if (chunk.usage) usage = chunk.usage as unknown as OpenRouterUsage;
        expect(chunk.model).toBe('anthropic/claude-4.5-sonnet-20250929');
      }
      expect(chunks).toBe(24 + 3);
      expect(content.split(' ')).toHaveLength(24);
      expect(finishReason).toBe('stop');
      expect(usage?.completion_tokens).toBe(24);
      expect(usage?.cost).toBeGreaterThan(0);
    }
  });

  it('reads a non-streaming answer and its headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'openai/gpt-5.4-mini', messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(response.headers.get('x-generation-id')).toBe(data.id);
  });

  it('throws the HTTP status for errors before the first token', async () => {
    const failing = client.chat.completions.create({
      model: 'openai/gpt-5.4-mini',
      messages: [{ role: 'user', content: '[[fake:error=402]]' }],
      stream: true,
    });
    await expect(failing).rejects.toMatchObject({ status: 402 });
  });

  it('throws on a mid-stream error chunk after yielding the tokens before it', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-5.4-mini',
      messages: [{ role: 'user', content: '[[fake:midstream-error=503]] [[fake:tokens=10]]' }],
      stream: true,
    });
    let content = '';
    const reading = (async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    })();
    await expect(reading).rejects.toThrow(/Provider overloaded/);
    expect(content.length).toBeGreaterThan(0);
  });
});
