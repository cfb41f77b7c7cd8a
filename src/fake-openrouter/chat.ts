/**
 * POST /chat/completions, streaming (SSE, framed like the real capture) and not.
 *
 * A stream is: `: OPENROUTER PROCESSING`, a first chunk with empty content, one chunk per token
 * (reasoning first, when asked for), keep-alive comments now and then, the finish chunk, ONE
 * usage chunk, then `data: [DONE]`. Every chunk repeats delta.role "assistant", the provider
 * and the model actually used. A mid-stream error ends with an error chunk and no [DONE].
 * A client that hangs up stops the generation; it is recorded as cancelled.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts } from './accounts';
import { isFree, type Catalog } from './catalog';
import { parseDirectives, type UsageShape } from './directives';
import { cannotAfford, directiveError, errors, midstreamError, reasoningDetailsRequired, simpleError } from './errors';
import type { Generations } from './generations';
import { sendError, sendJson } from './http';
import { planAnswer, tokenLimit, usageOf, type Plan } from './plan';
import { seededRandom } from './random';
import { resolveRoute, type Route } from './routing';
import { contentText, type Message } from './text';

export interface ChatDeps {
  catalog: Catalog;
  accounts: Accounts;
  generations: Generations;
  defaultTokensPerSecond: number;
  /** Alternates the two real usage-chunk shapes between requests. */
  nextUsageShape(): UsageShape;
  /** Keeps a running answer reachable so closing the server can stop it; returns "untrack". */
  track(controller: AbortController): () => void;
}

const PROCESSING = ': OPENROUTER PROCESSING\n\n';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `gen-<unix seconds>-<20 alphanumerics>`, like current OpenRouter ids. */
function generationId(unixSeconds: number): string {
  const bytes = randomBytes(20);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return `gen-${unixSeconds}-${suffix}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/** One request's generation: ids, timing and what it has produced so far. */
class Run {
  readonly id: string;
  readonly created: number;
  readonly startedAt = Date.now();
  firstTokenAt: number | null = null;
  reasoningSent = 0;
  answerSent = 0;

  constructor(
    readonly route: Route,
    readonly plan: Plan,
    private readonly key: string,
    private readonly req: IncomingMessage,
    private readonly body: Record<string, unknown>,
    private readonly deps: ChatDeps,
  ) {
    this.created = Math.floor(this.startedAt / 1000);
    this.id = generationId(this.created);
  }

  get model(): string {
    return this.route.used.canonical_slug;
  }

  usage(): ReturnType<typeof usageOf> {
    return usageOf(this.route.used.pricing, this.plan.promptTokens, this.reasoningSent, this.answerSent);
  }

  /** The usage object as the response shows it: some providers' usage has no cost. */
  reportedUsage(): Record<string, unknown> {
    const { usage } = this.usage();
    if (!this.plan.omitUsageCost) return usage;
    const { cost: _cost, cost_details: _details, ...rest } = usage;
    return rest;
  }

  /** Records the generation for /generation and bills the key. */
  finish(outcome: { streamed: boolean; cancelled: boolean; finishReason: string | null }): void {
    const endedAt = Date.now();
    const { cost } = this.usage();
    const referer = header(this.req, 'http-referer');
    this.deps.accounts.recordSpend(this.key, cost, isFree(this.route.used), endedAt);
    // Billed all the same; only the record never shows up.
    if (this.plan.generationMissing) return;
    this.deps.generations.add({
      id: this.id,
      upstreamId: `chatcmpl-${randomUUID()}`,
      model: this.model,
      providerName: this.route.provider,
      createdAt: this.startedAt,
      endedAt,
      promptTokens: this.plan.promptTokens,
      completionTokens: this.reasoningSent + this.answerSent,
      reasoningTokens: this.reasoningSent,
      cost,
      streamed: outcome.streamed,
      cancelled: outcome.cancelled,
      finishReason: outcome.finishReason,
      latencyMs: this.firstTokenAt === null ? null : this.firstTokenAt - this.startedAt,
      generationTimeMs: endedAt - this.startedAt,
      origin: referer ?? header(this.req, 'origin') ?? '',
      httpReferer: referer,
      userAgent: header(this.req, 'user-agent'),
      externalUser: typeof this.body.user === 'string' ? this.body.user : null,
      router: this.route.router,
      sessionId: typeof this.body.session_id === 'string' ? this.body.session_id : null,
    });
  }
}

export async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  key: string,
  deps: ChatDeps,
): Promise<void> {
  if (!isObject(body) || !Array.isArray(body.messages) || body.messages.length === 0) {
    sendError(res, simpleError(400, 'Input required: specify "prompt" or "messages"'));
    return;
  }
  const messages = body.messages as Message[];
  const fallbacks = Array.isArray(body.models) ? body.models.filter((m) => typeof m === 'string') : [];
  const requestedId = typeof body.model === 'string' && body.model ? body.model : (fallbacks[0] ?? 'openrouter/auto');
  const route = resolveRoute(deps.catalog, requestedId, JSON.stringify(messages));
  if (!route) {
    sendError(res, errors.invalidModel(requestedId));
    return;
  }

  const directives = parseDirectives(messages);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const context = {
    model: route.requested.id,
    provider: route.provider,
    input: lastUser ? contentText(lastUser.content) : '',
    free: isFree(route.used),
  };
  if (directives.error !== undefined) {
    sendError(res, directiveError(directives.error, context));
    return;
  }
  if (directives.afford !== undefined) {
    // Without max_tokens, OpenRouter reserves the model's longest possible answer.
    const requested =
      tokenLimit(body) ?? route.used.top_provider.max_completion_tokens ?? route.used.context_length ?? 0;
    if (requested > directives.afford) {
      sendError(res, cannotAfford(requested, directives.afford));
      return;
    }
  }
  if (directives.requireReasoningDetails) {
    const lacking = messages.findIndex((m) => m.role === 'assistant' && !hasReasoningDetails(m));
    if (lacking >= 0) {
      sendError(res, reasoningDetailsRequired(context, lacking + 1));
      return;
    }
  }

  const plan = planAnswer(body, messages, route, directives, deps.defaultTokensPerSecond);
  const run = new Run(route, plan, key, req, body, deps);
  const controller = new AbortController();
  const untrack = deps.track(controller);
  try {
    if (body.stream === true) await streamAnswer(res, run, controller, deps);
    else await answerAtOnce(res, run, controller.signal);
  } finally {
    untrack();
  }
}

/** Whether an assistant message sends its reasoning back (a non-empty reasoning_details array). */
function hasReasoningDetails(message: Message): boolean {
  const details = (message as { reasoning_details?: unknown }).reasoning_details;
  return Array.isArray(details) && details.length > 0;
}

/** Waits `ms`, or less if the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  // With no delay, still yield now and then so hang-ups and shutdown are noticed.
  if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

interface Token {
  text: string;
  reasoning: boolean;
}

function tokensOf(plan: Plan): Token[] {
  return [
    ...plan.reasoning.map((text) => ({ text, reasoning: true })),
    ...plan.answer.map((text) => ({ text, reasoning: false })),
  ];
}

function countToken(run: Run, token: Token): void {
  run.firstTokenAt ??= Date.now();
  if (token.reasoning) run.reasoningSent++;
  else run.answerSent++;
}

function delta(run: Run, content: string, reasoning: string | null = null): Record<string, unknown> {
  if (!run.plan.withReasoning) return { role: 'assistant', content };
  const details = reasoning === null ? [] : [{ type: 'reasoning.text', text: reasoning, format: 'unknown', index: 0 }];
  return { role: 'assistant', content, reasoning, reasoning_details: details };
}

function choice(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { index: 0, delta, finish_reason: finishReason, native_finish_reason: finishReason, logprobs: null };
}

function chunk(run: Run, choices: unknown[], tail: Record<string, unknown>): Record<string, unknown> {
  return {
    id: run.id,
    provider: run.route.provider,
    model: run.model,
    object: 'chat.completion.chunk',
    created: run.created,
    choices,
    ...tail,
  };
}

async function streamAnswer(res: ServerResponse, run: Run, controller: AbortController, deps: ChatDeps): Promise<void> {
  const { signal } = controller;
  const { plan } = run;
  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      clientGone = true;
      controller.abort();
    }
  });

  const write = (text: string): Promise<void> | void => {
    if (signal.aborted) return;
    if (res.write(text)) return;
    return new Promise((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      res.on('drain', done);
      signal.addEventListener('abort', done, { once: true });
    });
  };
  const send = (payload: unknown): Promise<void> | void => write(`data: ${JSON.stringify(payload)}\n\n`);

  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Generation-Id': run.id,
  });
  await write(PROCESSING);
  await send(chunk(run, [choice(delta(run, ''))], { system_fingerprint: '' }));

  // Keep-alive comments land between chunks, as when a provider stalls: seeded, so repeatable.
  const stalls = seededRandom(`stalls:${run.model}:${plan.promptTokens}:${plan.answer.join('')}`);
  const tokens = tokensOf(plan);
  const faultAt = plan.fault ? Math.min(plan.fault.after, tokens.length) : Infinity;
  const stopAt = Math.min(plan.midstreamError === undefined ? tokens.length : plan.errorAfter, faultAt);
  const delayMs = plan.tokensPerSecond > 0 ? 1000 / plan.tokensPerSecond : 0;
  // Tokens are paced against the clock, not one timer each: a timer cannot wait under 1 ms, so
  // fast rates (thousands of tokens a second) send every token that is due at each wake-up.
  const startedAt = performance.now();
  for (let i = 0; i < stopAt && !signal.aborted; i++) {
    const wait = delayMs > 0 ? startedAt + i * delayMs - performance.now() : 0;
    if (wait >= 1) await pause(wait, signal);
    else if (i % 16 === 15) await pause(0, signal);
    if (signal.aborted) break;
    const token = tokens[i] as Token;
    if (i > 0 && stalls.chance(0.1)) await write(PROCESSING.repeat(stalls.int(1, 3)));
    const content = token.reasoning ? delta(run, '', token.text) : delta(run, token.text);
    await send(chunk(run, [choice(content)], { system_fingerprint: '' }));
    if (!signal.aborted) countToken(run, token);
  }

  if (!signal.aborted && plan.fault && stopAt === faultAt) {
    if (plan.fault.kind === 'stall') {
      // Silence until the client gives up or the server closes.
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
        res.once('close', () => resolve());
      });
    } else {
      run.finish({ streamed: true, cancelled: false, finishReason: null });
      if (plan.fault.kind === 'cutoff') res.end();
      else res.destroy();
      return;
    }
  }

  if (signal.aborted) {
    run.finish({ streamed: true, cancelled: true, finishReason: null });
    if (!clientGone) res.end();
    return;
  }

  if (plan.midstreamError !== undefined) {
    // The documented error chunk: top-level error, finish_reason "error", then the stream just ends.
    await send({
      id: run.id,
      object: 'chat.completion.chunk',
      created: run.created,
      model: run.model,
      provider: run.route.provider,
      error: midstreamError(plan.midstreamError),
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    });
    res.end();
    run.finish({ streamed: true, cancelled: false, finishReason: 'error' });
    return;
  }

  if (stalls.chance(0.5)) await write(PROCESSING);
  await send(chunk(run, [choice(delta(run, ''), plan.finishReason)], { system_fingerprint: '' }));
  const shape = plan.usageShape ?? deps.nextUsageShape();
  const usageChoices = shape === 'empty-choices' ? [] : [choice(delta(run, ''))];
  await send(chunk(run, usageChoices, { usage: run.reportedUsage() }));
  await write('data: [DONE]\n\n');
  res.end();
  run.finish({ streamed: true, cancelled: false, finishReason: plan.finishReason });
}

/** Non-streaming answers take as long as streaming would, and are never cancelled upstream. */
async function answerAtOnce(res: ServerResponse, run: Run, signal: AbortSignal): Promise<void> {
  const { plan } = run;
  const tokens = tokensOf(plan);
  const produced = plan.midstreamError === undefined ? tokens : tokens.slice(0, plan.errorAfter);
  if (plan.tokensPerSecond > 0) await pause((produced.length * 1000) / plan.tokensPerSecond, signal);
  for (const token of produced) countToken(run, token);

  const reasoning = produced
    .filter((t) => t.reasoning)
    .map((t) => t.text)
    .join('');
  const content = produced
    .filter((t) => !t.reasoning)
    .map((t) => t.text)
    .join('');
  const message: Record<string, unknown> = {
    role: 'assistant',
    content,
    refusal: null,
    reasoning: plan.withReasoning ? reasoning : null,
  };
  if (plan.withReasoning)
    message.reasoning_details = [{ type: 'reasoning.text', text: reasoning, format: 'unknown', index: 0 }];

  const finishReason = plan.midstreamError === undefined ? plan.finishReason : 'error';
  const resultChoice: Record<string, unknown> = {
    logprobs: null,
    finish_reason: finishReason,
    native_finish_reason: finishReason,
    index: 0,
    message,
  };
  // A provider failure mid-generation keeps the partial answer and explains itself in the choice.
  if (plan.midstreamError !== undefined) resultChoice.error = midstreamError(plan.midstreamError);

  sendJson(
    res,
    200,
    {
      id: run.id,
      object: 'chat.completion',
      created: run.created,
      model: run.model,
      provider: run.route.provider,
      system_fingerprint: null,
      choices: [resultChoice],
      usage: run.reportedUsage(),
    },
    { 'X-Generation-Id': run.id },
  );
  run.finish({ streamed: false, cancelled: false, finishReason });
}
