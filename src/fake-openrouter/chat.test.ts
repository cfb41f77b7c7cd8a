/**
 * Chat completions behave like OpenRouter's: SSE framing, usage and cost, determinism, limits,
 * errors before and during the stream, hang-ups, and eventually consistent generations.
 */
import { Lexer } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directivesHelp, MAX_TOKENS_DIRECTIVE, parseDirectives } from './directives';
import { codeTokens, markdownTokens } from './markdown';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from './server';
import {
  ask,
  json,
  type Json,
  catalogEntry,
  catalogFile,
  chat,
  get,
  jsonChunks,
  parseSse,
  pollGeneration,
} from './test-support';

let fake: FakeOpenRouter;
const key = fakeKey('valid', 21);

beforeAll(async () => {
  fake = await startFakeOpenRouter({ generationDelayMs: 150, defaultTokensPerSecond: 0 });
});
afterAll(() => fake.close());

async function stream(body: Record<string, unknown>, withKey = key) {
  const response = await chat(fake, withKey, { ...body, stream: true });
  const text = await response.text();
  const events = parseSse(text);
  return { response, text, events, chunks: jsonChunks(events) };
}

function answerOf(chunks: Record<string, Json>[]): string {
  return chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
}

describe('streaming framing', () => {
  it('sends a processing comment first, then chunks, the finish chunk, one usage chunk and [DONE]', async () => {
    const { response, events, chunks } = await stream({
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask('Hello!'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(events[0]).toEqual({ kind: 'comment', text: 'OPENROUTER PROCESSING' });

    const data = events.filter((e) => e.kind === 'data');
    expect(data.at(-1)).toEqual({ kind: 'data', data: '[DONE]' });
    const id = response.headers.get('x-generation-id');
    expect(id).toMatch(/^gen-\d{10}-[A-Za-z0-9]{20}$/);

    for (const chunk of chunks) {
      expect(chunk.id).toBe(id);
      expect(chunk.provider).toBe('Anthropic');
      expect(chunk.model).toBe('anthropic/claude-4.5-sonnet-20250929');
      for (const choice of chunk.choices) expect(choice.delta.role).toBe('assistant');
    }
    expect(chunks[0]?.choices[0].delta.content).toBe('');

    const finishAt = chunks.findIndex((c) => c.choices[0]?.finish_reason);
    expect(chunks[finishAt]?.choices[0].finish_reason).toBe('stop');
    expect(finishAt).toBe(chunks.length - 2);
    const usageChunks = chunks.filter((c) => c.usage);
    expect(usageChunks).toHaveLength(1);
    expect(chunks.at(-1)).toBe(usageChunks[0]);
    // One token per content chunk, by default 24 of them.
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBe(24);
    expect(usageChunks[0]?.usage.completion_tokens).toBe(24);
  });

  it('sends keep-alive comments between chunks in longer streams', async () => {
    const { events } = await stream({
      model: 'openai/gpt-oss-20b',
      messages: ask('Talk a while. [[fake:tokens=200]]'),
    });
    const firstData = events.findIndex((e) => e.kind === 'data');
    const laterComments = events.slice(firstData).filter((e) => e.kind === 'comment');
    expect(laterComments.length).toBeGreaterThan(0);
  });

  it('alternates the two real usage-chunk shapes, and a directive picks one', async () => {
    const shapes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { chunks } = await stream({ model: 'openai/gpt-oss-20b', messages: ask(`Shape ${i}`) });
      const usage = chunks.at(-1) as Record<string, Json>;
      if (usage.choices.length === 0) shapes.push('empty-choices');
      else {
        expect(usage.choices[0]).toEqual({
          index: 0,
          delta: { role: 'assistant', content: '' },
          finish_reason: null,
          native_finish_reason: null,
          logprobs: null,
        });
        shapes.push('empty-delta');
      }
    }
    expect(new Set(shapes).size).toBe(2);
    expect(shapes[0]).not.toBe(shapes[1]);

    const forced = await stream({ model: 'openai/gpt-oss-20b', messages: ask('[[fake:usage-shape=empty-choices]]') });
    expect(forced.chunks.at(-1)?.choices).toEqual([]);
  });

  it('streams reasoning chunks before the answer when reasoning is asked for', async () => {
    const { chunks } = await stream({
      model: 'qwen/qwen3.8-27b',
      messages: ask('Think first.'),
      reasoning: { effort: 'high' },
    });
    const reasoningAt = chunks.map((c, i) => (c.choices[0]?.delta.reasoning ? i : -1)).filter((i) => i >= 0);
    const contentAt = chunks.map((c, i) => (c.choices[0]?.delta.content ? i : -1)).filter((i) => i >= 0);
    expect(reasoningAt).toHaveLength(32);
    expect(Math.max(...reasoningAt)).toBeLessThan(Math.min(...contentAt));
    for (const i of reasoningAt) expect(chunks[i]?.choices[0].delta.content).toBe('');
    expect(chunks.at(-1)?.usage.completion_tokens_details.reasoning_tokens).toBe(32);
    expect(chunks.at(-1)?.usage.completion_tokens).toBe(32 + 24);

    const excluded = await stream({
      model: 'qwen/qwen3.8-27b',
      messages: ask('Think first.'),
      reasoning: { exclude: true },
    });
    expect(excluded.chunks.some((c) => c.choices[0]?.delta.reasoning)).toBe(false);
  });
});

describe('usage and cost', () => {
  it('costs prompt and completion tokens at the catalog price', async () => {
    const model = catalogEntry('anthropic/claude-sonnet-4.5');
    const prompt = 'What does a router do? '.repeat(10);
    const { chunks } = await stream({ model: model.id, messages: ask(prompt) });
    const usage = chunks.at(-1)?.usage;
    expect(usage.prompt_tokens).toBe(Math.ceil(prompt.length / 4));

    const system = 'You are terse.';
    const twoMessages = await json(
      chat(fake, key, { model: model.id, messages: [{ role: 'system', content: system }, ...ask(prompt)] }),
    );
    expect(twoMessages.usage.prompt_tokens).toBe(Math.ceil((system.length + prompt.length) / 4));
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const expected =
      usage.prompt_tokens * Number(model.pricing.prompt) + usage.completion_tokens * Number(model.pricing.completion);
    expect(usage.cost).toBeCloseTo(expected, 15);
    expect(usage.cost).toBeGreaterThan(0);
    expect(
      usage.cost_details.upstream_inference_prompt_cost + usage.cost_details.upstream_inference_completions_cost,
    ).toBeCloseTo(usage.cost, 15);
    expect(usage.is_byok).toBe(false);
    expect(usage.prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('bills reasoning at the internal_reasoning price', async () => {
    const model = catalogEntry('perplexity/sonar-deep-research');
    const { chunks } = await stream({
      model: model.id,
      messages: ask('Research this. [[fake:reasoning=10]] [[fake:tokens=5]]'),
    });
    const usage = chunks.at(-1)?.usage;
    const expected =
      usage.prompt_tokens * Number(model.pricing.prompt) +
      5 * Number(model.pricing.completion) +
      10 * Number(model.pricing.internal_reasoning);
    expect(usage.cost).toBeCloseTo(expected, 15);
  });

  it('uses the long-prompt price override once the prompt is long enough', async () => {
    const model = catalogEntry('qwen/qwen3-max');
    const override = model.pricing.overrides[0];
    const prompt = 'x'.repeat(override.min_prompt_tokens * 4);
    const result = await json(chat(fake, key, { model: model.id, messages: ask(prompt) }));
    const expected =
      result.usage.prompt_tokens * Number(override.prompt) +
      result.usage.completion_tokens * Number(override.completion);
    expect(result.usage.prompt_tokens).toBe(override.min_prompt_tokens);
    expect(result.usage.cost).toBeCloseTo(expected, 15);
  });

  it('free models cost nothing', async () => {
    const { chunks } = await stream({ model: 'openai/gpt-oss-20b:free', messages: ask('Free?') });
    expect(chunks.at(-1)?.usage.cost).toBe(0);
    expect(chunks[0]?.model).toBe('openai/gpt-oss-20b');
  });

  it('GET /key usage grows by the cost of each generation made with that key', async () => {
    const own = fakeKey('valid', 22);
    const before = (await json(get(fake, '/key', own))).data;
    expect(before.usage).toBe(0);
    const first = await json(chat(fake, own, { model: 'openai/gpt-5.4-mini', messages: ask('One') }));
    const { chunks } = await stream({ model: 'openai/gpt-5.4-mini', messages: ask('Two') }, own);
    const after = (await json(get(fake, '/key', own))).data;
    const spent = first.usage.cost + chunks.at(-1)?.usage.cost;
    expect(after.usage).toBeCloseTo(spent, 15);
    expect(after.usage_daily).toBeCloseTo(spent, 15);
    expect(after.limit_remaining).toBeCloseTo(after.limit - spent, 12);
  });
});

describe('answers', () => {
  it('the same request streams the same text; another prompt or model does not', async () => {
    const request = { model: 'mistralai/mistral-small-3.2-24b-instruct', messages: ask('Same words please') };
    const first = answerOf((await stream(request)).chunks);
    const again = answerOf((await stream(request)).chunks);
    const other = answerOf((await stream({ ...request, messages: ask('Different words please') })).chunks);
    expect(first.length).toBeGreaterThan(20);
    expect(again).toBe(first);
    expect(other).not.toBe(first);

    const whole = await json(chat(fake, key, request));
    expect(whole.choices[0].message.content).toBe(first);
  });

  it('max_tokens cuts the answer short with finish_reason "length"', async () => {
    const full = answerOf(
      (await stream({ model: 'openai/gpt-oss-20b', messages: ask('Long one [[fake:tokens=40]]') })).chunks,
    );
    const { chunks } = await stream({
      model: 'openai/gpt-oss-20b',
      messages: ask('Long one [[fake:tokens=40]]'),
      max_tokens: 7,
    });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe('length');
    expect(chunks.at(-1)?.usage.completion_tokens).toBe(7);
    expect(full.startsWith(answerOf(chunks))).toBe(true);

    const whole = await json(
      chat(fake, key, { model: 'openai/gpt-oss-20b', messages: ask('x'), max_completion_tokens: 3 }),
    );
    expect(whole.choices[0].finish_reason).toBe('length');
    expect(whole.usage.completion_tokens).toBe(3);
  });

  it('reports the model a router or alias chose, not the one requested', async () => {
    const routed = await json(chat(fake, key, { model: 'openrouter/auto', messages: ask('Pick for me') }));
    const chosen = catalogFile().data.find((m) => m.canonical_slug === routed.model);
    expect(chosen).toBeDefined();
    expect(chosen?.id.startsWith('openrouter/')).toBe(false);

    const aliased = await json(chat(fake, key, { model: '~anthropic/claude-haiku-latest', messages: ask('Hi') }));
    expect(aliased.model).toBe(catalogEntry('anthropic/claude-haiku-4.5').canonical_slug);
  });

  it('takes about as long as tokens / rate', async () => {
    const started = Date.now();
    await stream({ model: 'openai/gpt-oss-20b', messages: ask('[[fake:rate=100]] [[fake:tokens=20]]') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });
});

describe('errors', () => {
  const expectations: Record<number, RegExp> = {
    400: /^Provider returned error$/,
    401: /^User not found\.$/,
    402: /^Insufficient credits\. Add more using https:\/\/openrouter\.ai\/settings\/credits$/,
    403: /requires moderation on OpenRouter\. Your input was flagged for "violence"/,
    404: /^No endpoints found for openai\/gpt-5\.4-mini\.$/,
    408: /timed out/,
    429: /^Provider returned error$/,
    500: /^Internal Server Error$/,
    502: /^Provider returned error$/,
    503: /^No allowed providers are available/,
  };

  it('[[fake:error=CODE]] answers that status with the real body, streaming or not', async () => {
    for (const [code, message] of Object.entries(expectations)) {
      for (const streamed of [false, true]) {
        const response = await chat(fake, key, {
          model: 'openai/gpt-5.4-mini',
          stream: streamed,
          messages: ask(`Please fail [[fake:error=${code}]]`),
        });
        expect(response.status).toBe(Number(code));
        expect(response.headers.get('content-type')).toBe('application/json');
        const body = await json(response);
        expect(body.error.code).toBe(Number(code));
        expect(body.error.message).toMatch(message);
      }
    }
  });

  it('403 carries moderation metadata; 429 carries retry headers', async () => {
    const moderated = await json(
      chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask(`${'a'.repeat(300)} [[fake:error=403]]`) }),
    );
    expect(moderated.error.metadata.reasons).toEqual(['violence']);
    expect(moderated.error.metadata.flagged_input.length).toBeLessThanOrEqual(100);
    expect(moderated.error.metadata.flagged_input).toContain('...');

    const paid = await chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask('[[fake:error=429]]') });
    expect(Number(paid.headers.get('retry-after'))).toBeGreaterThan(0);
    const upstream = (await json(paid)).error.metadata;
    expect(upstream.raw).toMatch(/temporarily rate-limited upstream/);
    expect(upstream.provider_name).toBe('OpenAI');

    const free = await chat(fake, key, { model: 'openai/gpt-oss-20b:free', messages: ask('[[fake:error=429]]') });
    expect((await json(free)).error.message).toMatch(/^Rate limit exceeded: free-models-per-min/);
    expect(free.headers.get('x-ratelimit-limit')).toBe('20');
    expect(free.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(free.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now());
  });

  it('[[fake:midstream-error=CODE]]: HTTP 200, some tokens, an error chunk, no usage and no [DONE]', async () => {
    const { response, events, chunks } = await stream({
      model: 'openai/gpt-5.4-mini',
      messages: ask('Start then fail [[fake:midstream-error=429]] [[fake:tokens=10]]'),
    });
    expect(response.status).toBe(200);
    expect(events.some((e) => e.kind === 'data' && e.data === '[DONE]')).toBe(false);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(answerOf(chunks).length).toBeGreaterThan(0);
    const last = chunks.at(-1) as Record<string, Json>;
    expect(last.error).toEqual({
      code: 429,
      message: 'Rate limit exceeded',
      metadata: { error_type: 'rate_limit_exceeded' },
    });
    expect(last.choices[0].finish_reason).toBe('error');

    const generation = await pollGeneration(fake, key, response.headers.get('x-generation-id') as string);
    expect((await json(generation.response)).data.finish_reason).toBe('error');
  });

  it('a mid-stream error without streaming keeps the partial answer in an error choice', async () => {
    const result = await json(
      chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask('[[fake:midstream-error=502]]') }),
    );
    expect(result.choices[0].finish_reason).toBe('error');
    expect(result.choices[0].error.code).toBe(502);
    expect(result.choices[0].message.content.length).toBeGreaterThan(0);
  });

  it('rejects unknown models, missing messages and malformed JSON with 400', async () => {
    const unknown = await chat(fake, key, { model: 'acme/fake-1.0', messages: ask('hi') });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error).toMatchObject({ code: 400, message: 'acme/fake-1.0 is not a valid model ID' });

    const noMessages = await chat(fake, key, { model: 'openai/gpt-5.4-mini' });
    expect(noMessages.status).toBe(400);

    const malformed = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: '{"model": "openai/gpt-5.4-mini", ',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe(400);
  });
});

describe('generations', () => {
  it('GET /generation is 404 at first, then the record once the delay has passed', async () => {
    const response = await chat(fake, key, { model: 'anthropic/claude-sonnet-4.5', messages: ask('Record me') });
    const result = await json(response);
    const ended = Date.now();
    const id = response.headers.get('x-generation-id') as string;
    expect(id).toBe(result.id);

    const early = await get(fake, `/generation?id=${id}`, key);
    expect(early.status).toBe(404);
    expect(await json(early)).toEqual({ error: { message: 'Generation not found', code: 404 } });

    const { response: later, tries } = await pollGeneration(fake, key, id);
    expect(later.status).toBe(200);
    expect(tries).toBeGreaterThan(1);
    expect(Date.now() - ended).toBeGreaterThanOrEqual(140);
    const data = (await json(later)).data;
    expect(data).toMatchObject({
      id,
      model: 'anthropic/claude-4.5-sonnet-20250929',
      provider_name: 'Anthropic',
      streamed: false,
      cancelled: false,
      finish_reason: 'stop',
      tokens_prompt: result.usage.prompt_tokens,
      tokens_completion: result.usage.completion_tokens,
      total_cost: result.usage.cost,
      usage: result.usage.cost,
      app_id: null,
    });
    expect(Number.isNaN(Date.parse(data.created_at))).toBe(false);

    expect((await get(fake, `/generation?id=${id}`)).status).toBe(401);
  });

  it('a client that hangs up mid-stream leaves a cancelled generation with the tokens sent so far', async () => {
    const controller = new AbortController();
    const response = await chat(
      fake,
      key,
      { model: 'openai/gpt-5.4-mini', stream: true, messages: ask('Long [[fake:tokens=500]] [[fake:rate=50]]') },
      controller.signal,
    );
    const id = response.headers.get('x-generation-id') as string;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let reads = 0; reads < 200 && (text.match(/^data: /gm)?.length ?? 0) < 5; reads++) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const received = text.match(/"content":"[^"]+"/g)?.length ?? 0;
    expect(received).toBeGreaterThan(0);

    const { response: generation } = await pollGeneration(fake, key, id);
    expect(generation.status).toBe(200);
    const data = (await json(generation)).data;
    expect(data.cancelled).toBe(true);
    expect(data.streamed).toBe(true);
    expect(data.tokens_completion).toBeGreaterThanOrEqual(received);
    expect(data.tokens_completion).toBeLessThan(100);
    expect(data.total_cost).toBeGreaterThan(0);
  });
});

describe('reasoning_details', () => {
  it('reasoning chunks carry delta.reasoning_details pieces alongside delta.reasoning; content chunks an empty list', async () => {
    const { chunks } = await stream({
      model: 'google/gemini-3-flash-preview',
      messages: ask('Think.'),
      reasoning: { effort: 'low' },
    });
    const deltas = chunks.map((c) => c.choices[0]?.delta).filter(Boolean);
    const reasoning = deltas.filter((d) => d.reasoning);
    expect(reasoning).toHaveLength(8);
    for (const d of reasoning) {
      expect(d.content).toBe('');
      expect(d.reasoning_details).toEqual([{ type: 'reasoning.text', text: d.reasoning, format: 'unknown', index: 0 }]);
    }
    for (const d of deltas.filter((d) => d.content)) {
      expect(d.reasoning).toBeNull();
      expect(d.reasoning_details).toEqual([]);
    }
  });

  it('[[fake:require-reasoning-details]] answers Gemini’s 400 when an assistant message lacks them', async () => {
    const history = (details?: unknown[]) => [
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'Answer', ...(details ? { reasoning_details: details } : {}) },
      { role: 'user', content: 'Next [[fake:require-reasoning-details]]' },
    ];
    const refused = await chat(fake, key, { model: 'google/gemini-3-flash-preview', messages: history() });
    expect(refused.status).toBe(400);
    const body = await json(refused);
    expect(body.error).toMatchObject({ message: 'Provider returned error', code: 400 });
    expect(body.error.metadata.provider_name).toBeTruthy();
    expect(body.error.metadata.raw).toMatch(
      /^Gemini models require OpenRouter reasoning details to be preserved in each request\. Please refer to our docs: https:\/\/openrouter\.ai\/docs\/guides\/best-practices\/reasoning-tokens#preserving-reasoning-blocks\. Upstream error: \{/,
    );
    expect(body.error.metadata.raw).toContain('thought_signature');
    expect((await chat(fake, key, { model: 'google/gemini-3-flash-preview', messages: history([]) })).status).toBe(400);

    const details = [{ type: 'reasoning.text', text: 'Hmm', format: 'unknown', index: 0 }];
    const kept = await chat(fake, key, { model: 'google/gemini-3-flash-preview', messages: history(details) });
    expect(kept.status).toBe(200);
    // Without the directive nothing is checked, and a first message has nothing to check.
    const plain = history().map((m, i) => (i === 2 ? { ...m, content: 'Next' } : m));
    expect((await chat(fake, key, { model: 'google/gemini-3-flash-preview', messages: plain })).status).toBe(200);
    const first = ask('Only [[fake:require-reasoning-details]]');
    expect((await chat(fake, key, { model: 'google/gemini-3-flash-preview', messages: first })).status).toBe(200);
  });
});

describe('cost reporting', () => {
  it('[[fake:usage-cost=omit]]: usage without cost, as some providers send it; /generation has the cost', async () => {
    const { response, chunks } = await stream({
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask('Cost? [[fake:usage-cost=omit]]'),
    });
    const usage = chunks.at(-1)?.usage;
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 24 });
    expect(usage).not.toHaveProperty('cost');
    expect(usage).not.toHaveProperty('cost_details');
    const { response: generation } = await pollGeneration(fake, key, response.headers.get('x-generation-id')!);
    const data = (await json(generation)).data;
    expect(data.total_cost).toBeCloseTo(usage.prompt_tokens * 0.000003 + 24 * 0.000015, 12);

    const once = await json(
      chat(fake, key, { model: 'anthropic/claude-sonnet-4.5', messages: ask('[[fake:usage-cost=omit]]') }),
    );
    expect(once.usage).not.toHaveProperty('cost');
  });

  it('[[fake:generation=missing]]: /generation answers 404 forever, though the key is billed', async () => {
    const before = (await json(get(fake, '/key', key))).data.usage;
    const response = await chat(fake, key, {
      model: 'anthropic/claude-sonnet-4.5',
      messages: ask('Where did it go? [[fake:generation=missing]]'),
    });
    const result = await json(response);
    expect(result.usage.cost).toBeGreaterThan(0);
    const { response: lookup, tries } = await pollGeneration(fake, key, result.id, 16, 25);
    expect(tries).toBe(16); // 400 ms, well past the 150 ms delay
    expect(lookup.status).toBe(404);
    expect(await json(lookup)).toEqual({ error: { message: 'Generation not found', code: 404 } });
    expect((await json(get(fake, '/key', key))).data.usage).toBeCloseTo(before + result.usage.cost, 12);
  });

  it('[[fake:afford=N]]: the real 402 of a max_tokens pre-authorisation, the model’s longest answer when unset', async () => {
    const tooMuch = await chat(fake, key, {
      model: 'openai/gpt-5.4-mini',
      max_tokens: 5000,
      messages: ask('Long [[fake:afford=300]]'),
    });
    expect(tooMuch.status).toBe(402);
    expect((await json(tooMuch)).error).toEqual({
      message:
        'This request requires more credits, or fewer max_tokens. You requested up to 5000 tokens, but can only afford 300. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account',
      code: 402,
      metadata: { provider_name: null },
    });
    const unset = await json(
      chat(fake, key, { model: 'openai/gpt-5.4-mini', messages: ask('Long [[fake:afford=300]]') }),
    );
    const longest = catalogEntry('openai/gpt-5.4-mini').top_provider.max_completion_tokens;
    expect(unset.error.message).toContain(`You requested up to ${longest} tokens, but can only afford 300.`);
    const fits = await chat(fake, key, {
      model: 'openai/gpt-5.4-mini',
      max_completion_tokens: 300,
      messages: ask('Short [[fake:afford=300]]'),
    });
    expect(fits.status).toBe(200);
  });
});

describe('answer formats', () => {
  /** Block token types marked finds at the top level and inside lists and quotes. */
  function blockTypes(text: string): Set<string> {
    const types = new Set<string>();
    const walk = (tokens: { type: string; tokens?: unknown; items?: unknown }[]): void => {
      for (const token of tokens) {
        types.add(token.type);
        if (token.type === 'list') {
          for (const item of token.items as { task: boolean; tokens: typeof tokens }[]) {
            if (item.task) types.add('task');
            walk(item.tokens);
          }
        } else if (token.type === 'blockquote') walk(token.tokens as typeof tokens);
      }
    };
    walk(new Lexer({ gfm: true }).lex(text));
    return types;
  }

  it('parses [[fake:format=markdown|code]], ignores other values, and caps tokens at 50000', () => {
    expect(parseDirectives(ask('x [[fake:format=markdown]]')).format).toBe('markdown');
    expect(parseDirectives(ask('x [[fake:format=code]]')).format).toBe('code');
    expect(parseDirectives(ask('x [[fake:format=html]]')).format).toBeUndefined();
    expect(MAX_TOKENS_DIRECTIVE).toBe(50000);
    expect(parseDirectives(ask('[[fake:tokens=50000]]')).tokens).toBe(50000);
    expect(parseDirectives(ask('[[fake:tokens=99999]]')).tokens).toBe(50000);
    expect(directivesHelp).toContain('[[fake:format=F]]');
    expect(directivesHelp).toContain('max 50000');
  });

  it('markdown: exactly the requested tokens of complete GitHub-flavoured Markdown, the same for the same seed', () => {
    for (const count of [0, 1, 2, 7, 24, 150, 999, 4000]) {
      const tokens = markdownTokens(`seed ${count}`, count);
      expect(tokens).toHaveLength(count);
      // One word or piece of markup per token, with the whitespace before it.
      for (const token of tokens) expect(token).toMatch(/^\s*\S+$/);
      const text = tokens.join('');
      // Every fence is closed.
      expect((text.match(/^(```|~~~)/gm) ?? []).length % 2).toBe(0);
      if (count > 0) expect(text.trimEnd()).toMatch(/[.|`~\]]$/);
    }
    expect(markdownTokens('same', 500)).toEqual(markdownTokens('same', 500));
    expect(markdownTokens('other', 500)).not.toEqual(markdownTokens('same', 500));

    const text = markdownTokens('rich', 1500).join('');
    const types = blockTypes(text);
    for (const type of ['heading', 'paragraph', 'list', 'task', 'table', 'blockquote', 'code']) {
      expect(types.has(type), type).toBe(true);
    }
    expect(text).toMatch(/^## /m);
    expect(text).toMatch(/^1\. /m);
    expect(text).toMatch(/\*\*\w[^*]*\*\*/);
    expect(text).toMatch(/(^|\s)\*\w+\*/);
    expect(text).toMatch(/`\w+\(\)`/);
    expect(text).toMatch(/\[[\w ]+\]\(https:\/\/example\.com\/\w+\)/);
    const languages = new Set([...text.matchAll(/^(?:```|~~~)(\w+)$/gm)].map((m) => m[1]));
    expect(languages.size).toBeGreaterThanOrEqual(3);
  });

  it('code: one fenced code block that stays open to the last token', () => {
    for (const count of [1, 2, 50, 3000]) {
      const tokens = codeTokens(`seed ${count}`, count);
      expect(tokens).toHaveLength(count);
      const text = tokens.join('');
      expect(text).toMatch(/^```(typescript|python|go)/);
      expect(text.split('\n').filter((line) => /^\s*```/.test(line))).toHaveLength(1);
      const [block, ...rest] = new Lexer({ gfm: true }).lex(text).filter((t) => t.type !== 'space');
      expect(block?.type).toBe('code');
      expect(rest).toEqual([]);
    }
    expect(codeTokens('same', 100)).toEqual(codeTokens('same', 100));
  });

  it('streams a markdown answer one token per chunk, the same text without streaming', async () => {
    const request = {
      model: 'openai/gpt-oss-20b',
      messages: ask('Format it [[fake:format=markdown]] [[fake:tokens=600]]'),
    };
    const { chunks } = await stream(request);
    const content = chunks.map((c) => c.choices[0]?.delta?.content).filter((c) => c);
    expect(content).toHaveLength(600);
    expect(chunks.at(-1)?.usage.completion_tokens).toBe(600);
    const answer = content.join('');
    expect(answer).toMatch(/^# /);
    expect(answer).toContain('\n\n## ');
    expect(answer).toContain('| Name | Description | Price |');
    const whole = await json(chat(fake, key, request));
    expect(whole.choices[0].message.content).toBe(answer);
  });

  it('streams a long code answer that never closes its fence', async () => {
    const { chunks } = await stream({
      model: 'openai/gpt-oss-20b',
      messages: ask('Code [[fake:format=code]] [[fake:tokens=8000]]'),
    });
    const answer = answerOf(chunks);
    expect(chunks.filter((c) => c.choices[0]?.delta?.content)).toHaveLength(8000);
    expect(answer).toMatch(/^```\w+\n/);
    expect(answer.length).toBeGreaterThan(30_000);
    expect(answer.slice(3)).not.toMatch(/^\s*```/m);
  });
});
