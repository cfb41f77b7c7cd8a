import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from '../../../fake-openrouter/server';
import { lookUpGeneration } from './generation';
import { OpenRouterRest } from './rest';

let fake: FakeOpenRouter;
let rest: OpenRouterRest;
const key = fakeKey('valid', 31);

async function generate(): Promise<string> {
  const res = await fetch(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'hi [[fake:tokens=7]]' }],
    }),
  });
  const body = (await res.json()) as { id: string };
  return body.id;
}

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 300 });
  rest = new OpenRouterRest({ baseUrl: () => fake.baseUrl });
});
afterAll(() => fake.close());

describe('GET /generation lookups', () => {
  it('waits out the eventual-consistency 404s and returns what was billed', async () => {
    const id = await generate();
    const waits: number[] = [];
    const info = await lookUpGeneration(rest, key, id, {
      delaysMs: [0, 100, 200, 400, 800],
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    expect(info).toMatchObject({ id, tokensCompletion: 7, cancelled: false, finishReason: 'stop' });
    expect(info!.totalCost).toBeGreaterThan(0);
    expect(waits.length).toBeGreaterThan(1); // the first attempts were 404s
    const lookups = fake.requests.filter((r) => r.path.startsWith('/api/v1/generation'));
    expect(lookups.length).toBe(waits.length);
  });

  it('gives up after its schedule when the record never appears', async () => {
    const info = await lookUpGeneration(rest, key, 'gen-0000000000-doesnotexist', { delaysMs: [0, 10, 10] });
    expect(info).toBeNull();
  });

  it('stops at once on an error that waiting cannot fix', async () => {
    const id = await generate();
    await expect(lookUpGeneration(rest, fakeKey('revoked', 2), id, { delaysMs: [0, 10, 10] })).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});
