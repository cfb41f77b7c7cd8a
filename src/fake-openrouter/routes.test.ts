/**
 * Keys, catalog routes, account routes and server housekeeping behave as a client relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from './server';
import { ask, json, type Json, catalogFile, chat, get } from './test-support';

let fake: FakeOpenRouter;
const key = fakeKey('valid', 31);

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 0, defaultTokensPerSecond: 0 });
});
afterAll(() => fake.close());

describe('keys', () => {
  it('fakeKey builds well-formed keys; revoked ones end in "dead"', () => {
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(key.endsWith('dead')).toBe(false);
    expect(fakeKey('valid', 31)).toBe(key);
    expect(fakeKey('valid', 32)).not.toBe(key);
    expect(fakeKey('revoked', 31)).toMatch(/^sk-or-v1-[0-9a-f]{60}dead$/);
  });

  it('answers 401 without a key, and "User not found." for bad or revoked keys', async () => {
    const missing = await get(fake, '/key');
    expect(missing.status).toBe(401);
    expect(await json(missing)).toEqual({ error: { message: 'No cookie auth credentials found', code: 401 } });

    const bad = [
      fakeKey('revoked', 1),
      'sk-or-v1-short',
      key.toUpperCase().replace('SK-OR-V1-', 'sk-or-v1-'),
      `${key}0`,
    ];
    for (const wrong of bad) {
      const response = await get(fake, '/key', wrong);
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({ error: { message: 'User not found.', code: 401 } });
    }
    for (const path of ['/credits', '/generation?id=gen-1']) expect((await get(fake, path)).status).toBe(401);
    const chatWithout = await chat(fake, null, { model: 'openai/gpt-5.4-mini', messages: ask('hi') });
    expect(chatWithout.status).toBe(401);
    const chatRevoked = await chat(fake, fakeKey('revoked', 2), { model: 'openai/gpt-5.4-mini', messages: ask('hi') });
    expect((await json(chatRevoked)).error.message).toBe('User not found.');
  });

  it('GET /key describes the key it was called with', async () => {
    const data = (await json(get(fake, '/auth/key', key))).data;
    expect(data.label).toBe(`sk-or-v1-${key.slice(9, 12)}...${key.slice(-3)}`);
    expect(data).toMatchObject({
      usage: 0,
      byok_usage: 0,
      is_free_tier: false,
      is_management_key: false,
      is_provisioning_key: false,
    });
    expect(data.rate_limit.note).toBe('This field is deprecated and safe to ignore.');
  });

  it('GET /credits sums what every key spent', async () => {
    const before = (await json(get(fake, '/credits', key))).data;
    const result = await json(
      chat(fake, fakeKey('valid', 33), { model: 'openai/gpt-5.4-mini', messages: ask('spend') }),
    );
    const after = (await json(get(fake, '/credits', key))).data;
    expect(after.total_credits).toBe(before.total_credits);
    expect(after.total_usage - before.total_usage).toBeCloseTo(result.usage.cost, 15);
  });

  it('GET /credits can demand a management key, as the 2026 spec says', async () => {
    const strict = await startFakeOpenRouter({ creditsRequireManagementKey: true });
    try {
      const response = await get(strict, '/credits', key);
      expect(response.status).toBe(403);
      expect(await json(response)).toEqual({
        error: { code: 403, message: 'Only management keys can perform this operation' },
      });
    } finally {
      await strict.close();
    }
  });
});

describe('catalog', () => {
  it('needs no key, and filters by output modality and supported parameters', async () => {
    const all = catalogFile().data;
    const tools = await json(get(fake, '/models?supported_parameters=tools'));
    expect(tools.data.length).toBe(all.filter((m) => m.supported_parameters.includes('tools')).length);
    expect(tools.total_count).toBe(tools.data.length);

    const images = await json(get(fake, '/models?output_modalities=image'));
    expect(images.data.length).toBe(all.filter((m) => m.architecture.output_modalities.includes('image')).length);
    expect(images.data.length).toBeGreaterThan(0);
    expect((await json(get(fake, '/models/count?output_modalities=image'))).data.count).toBe(images.data.length);
  });

  it('pages only when offset or limit is given', async () => {
    const page = await json(get(fake, '/models?limit=100&offset=300'));
    expect(page.data).toHaveLength(100);
    expect(page.links.next).toBe('/api/v1/models?offset=400&limit=100');
    const last = await json(get(fake, '/models?limit=100&offset=400'));
    expect(last.data).toHaveLength(14);
    expect(last.links.next).toBeNull();
  });

  it('serves the captured Kimi K3 endpoints verbatim', async () => {
    const sample = JSON.parse(readFileSync(join(__dirname, 'data', 'endpoints-moonshotai-kimi-k3.json'), 'utf8'));
    expect(await json(get(fake, '/models/moonshotai/kimi-k3/endpoints'))).toEqual(sample);
  });

  it('synthesizes endpoints deterministically, in the real field order, priced from the model', async () => {
    const model = catalogFile().data.find((m) => m.id === 'qwen/qwen3.8-27b');
    const path = `/models/${model?.canonical_slug}/endpoints`;
    const first = await json(get(fake, path));
    expect(await json(get(fake, path))).toEqual(first);

    const sampleOrder = Object.keys(
      JSON.parse(readFileSync(join(__dirname, 'data', 'endpoints-moonshotai-kimi-k3.json'), 'utf8')).data.endpoints[0],
    );
    const endpoints = first.data.endpoints as Record<string, Json>[];
    expect(endpoints.length).toBeGreaterThanOrEqual(1);
    expect(endpoints.length).toBeLessThanOrEqual(4);
    for (const endpoint of endpoints) {
      expect(Object.keys(endpoint).slice(0, sampleOrder.length)).toEqual(sampleOrder);
      expect(endpoint.name).toBe(`${endpoint.provider_name} | ${model?.canonical_slug}`);
      expect(Number(endpoint.pricing.prompt)).toBeGreaterThanOrEqual(Number(model?.pricing.prompt));
      expect(endpoint.latency_last_30m.p50).toBeLessThanOrEqual(endpoint.latency_last_30m.p99);
    }
    expect(endpoints[0]?.pricing.prompt).toBe(model?.pricing.prompt);
    expect(endpoints[0]?.status).toBe(0);
    expect(new Set(endpoints.map((e) => e.tag)).size).toBe(endpoints.length);
  });

  it('answers 404 for unknown models', async () => {
    for (const path of ['/models/acme/nothing/endpoints', '/model/acme/nothing']) {
      const response = await get(fake, path);
      expect(response.status).toBe(404);
      expect((await json(response)).error.code).toBe(404);
    }
  });
});

describe('server', () => {
  it('answers unknown routes with a 404 JSON body', async () => {
    for (const path of ['/nothing-here', '/chat/completions']) {
      const response = await get(fake, path, key);
      expect(response.status).toBe(404);
      expect((await json(response)).error.code).toBe(404);
    }
    const outside = await fetch(fake.baseUrl.replace('/api/v1', '/elsewhere'));
    expect(outside.status).toBe(404);
  });

  it('records the requests it receives', async () => {
    await chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask('record this') });
    const last = fake.requests.at(-1);
    expect(last?.method).toBe('POST');
    expect(last?.path).toBe('/api/v1/chat/completions');
    expect(last?.headers.authorization).toBe(`Bearer ${key}`);
    expect(last?.body).toMatchObject({ model: 'openai/gpt-5.4-mini' });
  });

  it('close() ends streams that are still running', async () => {
    const other = await startFakeOpenRouter({ defaultTokensPerSecond: 5 });
    const response = await chat(other, key, {
      model: 'openai/gpt-5.4-mini',
      stream: true,
      messages: ask('[[fake:tokens=1000]]'),
    });
    const reading = response.text().catch(() => 'aborted');
    const started = Date.now();
    await other.close();
    const text = await reading;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text.includes('[DONE]')).toBe(false);
  });
});
