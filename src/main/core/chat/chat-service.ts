/**
 * Streaming chat completions through the openai SDK pointed at OpenRouter.
 *
 * Each chat.start gets: a ledger row written before the request leaves, deltas coalesced to the
 * caller (about every 16 ms or 2 KB), exactly one terminal event (chat.done or chat.error), and
 * an AbortController that chat.cancel, a closed window/socket, or shutdown can trigger.
 */
import OpenAI from 'openai';
import { AppError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import type { ChatUsage } from '../../../shared/schemas';
import type { FinishOutcome, Ledger } from '../ledger/ledger';
import { ATTRIBUTION_HEADERS } from '../openrouter/config';
import { errorFromStatus, errorFromStreamChunk, networkError, retryAfterFrom } from '../openrouter/errors';
import type { CallContext, Logger } from '../rpc';
import { DeltaCoalescer } from './coalescer';
import type { GenerationReconciler } from './reconciler';

export interface ChatServiceOptions {
  ledger: Ledger;
  baseUrl: () => string;
  apiKey: () => string | null;
  now?: () => number;
  log?: Logger;
  fetch?: typeof fetch;
  /** Flush interval and size for coalesced deltas. */
  flushMs?: number;
  flushBytes?: number;
  /** Fills in the billed cost of streams that ended without a usage chunk. */
  reconciler?: GenerationReconciler;
  /** A stream that sends no bytes at all (not even keep-alive comments) for this long is given up. */
  idleTimeoutMs?: number;
}

/** OpenRouter sends keep-alive comments every few seconds while a model thinks; two silent minutes mean a dead connection. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

type StartInput = ParsedInput<'chat.start'>;

/** The fields OpenRouter adds to the OpenAI chunk shape. */
interface OpenRouterChunk {
  id?: string;
  model?: string;
  provider?: string;
  choices?: Array<{
    delta?: { content?: string | null; reasoning?: string | null };
    finish_reason?: string | null;
  }>;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    cost?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
}

export class ChatService {
  private readonly running = new Map<string, Running>();
  private shuttingDown = false;
  private readonly now: () => number;

  constructor(private readonly opts: ChatServiceOptions) {
    this.now = opts.now ?? Date.now;
  }

  get activeCount(): number {
    return this.running.size;
  }

  start(input: StartInput, ctx: CallContext): { requestId: string; ledgerId: number } {
    if (this.shuttingDown) {
      throw new AppError('interrupted', 'RouterDesk is shutting down; the message was not sent.');
    }
    const apiKey = this.opts.apiKey();
    if (!apiKey) {
      throw new AppError('no_key', 'Add your OpenRouter API key in Settings first; requests need it.');
    }
    const { requestId } = input;
    if (this.running.has(requestId)) {
      throw new AppError('invalid_input', 'That request id is already streaming.');
    }
    const ledgerId = this.opts.ledger.start({
      requestId,
      origin: input.origin,
      modelRequested: input.model,
      params: input.params,
      startedAt: this.now(),
    });
    const controller = new AbortController();
    const running: Running = { controller, done: Promise.resolve() };
    this.running.set(requestId, running);
    // Removed when the stream ends, so a long-lived window does not keep every request alive.
    const removeCloseHook = ctx.onClose(() => controller.abort());
    running.done = this.stream(input, apiKey, ledgerId, controller, ctx)
      .catch((e: unknown) => this.opts.log?.('error', `chat ${requestId}: ${describe(e)}`))
      .finally(() => {
        removeCloseHook();
        this.running.delete(requestId);
      });
    return { requestId, ledgerId };
  }

  cancel(requestId: string): boolean {
    const running = this.running.get(requestId);
    if (!running) return false;
    running.controller.abort();
    return true;
  }

  /** Aborts every stream and waits (bounded) for each to settle; their rows stay pending. */
  async shutdown(waitMs = 3000): Promise<void> {
    this.shuttingDown = true;
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.race([
      Promise.allSettled(all.map((r) => r.done)),
      new Promise((resolve) => setTimeout(resolve, waitMs).unref()),
    ]);
  }

  private noteGeneration(ledgerId: number, generationId: string): void {
    try {
      this.opts.ledger.noteGeneration(ledgerId, generationId);
    } catch (e) {
      this.opts.log?.('warn', `ledger: could not note generation ${generationId}: ${describe(e)}`);
    }
  }

  /** Writes a request's ending to the ledger; a failure is logged and reported, never thrown. */
  private record(ledgerId: number, outcome: FinishOutcome): boolean {
    try {
      this.opts.ledger.finish(ledgerId, outcome);
      return true;
    } catch (e) {
      this.opts.log?.('error', `ledger: could not record request ${ledgerId}: ${describe(e)}`);
      return false;
    }
  }

  private async stream(
    input: StartInput,
    apiKey: string,
    ledgerId: number,
    controller: AbortController,
    ctx: CallContext,
  ): Promise<void> {
    const { requestId } = input;
    const startedAt = this.now();
    const baseUrl = this.opts.baseUrl();
    const idleMs = this.opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const coalescer = new DeltaCoalescer(
      (content, reasoning) => ctx.emit('chat.delta', { requestId, content, reasoning }),
      this.opts.flushMs ?? 16,
      this.opts.flushBytes ?? 2048,
    );
    const meta: StreamMeta = { generationId: null, model: null, provider: null, finishReason: null, ttftMs: null };
    let usage: ChatUsage | null = null;
    let stalled = false;
    let answering = false;
    const watch = idleWatch(this.opts.fetch ?? fetch, idleMs, () => {
      stalled = true;
      controller.abort();
    });

    try {
      const client = new OpenAI({
        apiKey,
        baseURL: baseUrl,
        defaultHeaders: { ...ATTRIBUTION_HEADERS },
        maxRetries: 0,
        timeout: 10 * 60_000,
        dangerouslyAllowBrowser: false,
        fetch: watch.fetch,
      });
      const { data: stream, response } = await client.chat.completions
        .create(
          {
            model: input.model,
            messages: input.messages,
            stream: true,
            ...input.params,
          },
          { signal: controller.signal },
        )
        .withResponse();
      // The id is in the headers before any chunk: a request stopped early can still be looked up.
      meta.generationId = response.headers.get('x-generation-id');
      if (meta.generationId) this.noteGeneration(ledgerId, meta.generationId);
      answering = true;
      for await (const raw of stream) {
        const chunk = raw as unknown as OpenRouterChunk;
        if (chunk.id) meta.generationId ??= chunk.id;
        if (chunk.model) meta.model = chunk.model;
        if (chunk.provider) meta.provider = chunk.provider;
        for (const choice of chunk.choices ?? []) {
          const content = choice.delta?.content ?? '';
          const reasoning = choice.delta?.reasoning ?? '';
          if ((content || reasoning) && meta.ttftMs === null) meta.ttftMs = this.now() - startedAt;
          if (content || reasoning) coalescer.push(content, reasoning);
          // Keep reading after the finish chunk: usage (with the billed cost) comes after it.
          if (choice.finish_reason) meta.finishReason = choice.finish_reason;
        }
        if (chunk.usage) usage = readUsage(chunk.usage);
      }
      coalescer.flush();
      // The SDK ends iteration quietly when aborted, so the signal tells cancel from completion.
      if (controller.signal.aborted && !stalled) {
        this.finishCancelled(requestId, ledgerId, meta, usage, startedAt, ctx);
        return;
      }
      if (stalled) throw stallError(idleMs);
      // A stream that ends without a finish reason was cut off, however politely it closed.
      if (!meta.finishReason) throw cutOffError();
      const endedAt = this.now();
      const recorded = this.record(ledgerId, {
        ...outcomeOf(meta, usage),
        status: 'ok',
        finishReason: meta.finishReason,
        endedAt,
      });
      if (!recorded) {
        ctx.emit('chat.error', { requestId, ledgerId, error: unrecordedError().toShape(), usage });
        return;
      }
      ctx.emit('chat.done', {
        requestId,
        ledgerId,
        generationId: meta.generationId,
        model: meta.model,
        provider: meta.provider,
        finishReason: meta.finishReason,
        usage: usage ?? emptyUsage(),
        ttftMs: meta.ttftMs,
        durationMs: endedAt - startedAt,
      });
      this.reconcileLater(ledgerId, meta.generationId, usage, ctx);
    } catch (e) {
      coalescer.flush();
      if (controller.signal.aborted && !stalled) {
        this.finishCancelled(requestId, ledgerId, meta, usage, startedAt, ctx);
        return;
      }
      const error = stalled ? stallError(idleMs) : toChatError(e, baseUrl, answering);
      if (error.code === 'internal') this.opts.log?.('error', `chat ${requestId}: ${describe(e)}`);
      this.record(ledgerId, {
        ...outcomeOf(meta, usage),
        status: 'error',
        finishReason: meta.finishReason ?? 'error',
        errorCode: error.code,
        errorMessage: error.message,
        endedAt: this.now(),
      });
      ctx.emit('chat.error', { requestId, ledgerId, error: error.toShape(), usage });
      this.reconcileLater(ledgerId, meta.generationId, usage, ctx);
    } finally {
      watch.dispose();
      coalescer.dispose();
    }
  }

  private finishCancelled(
    requestId: string,
    ledgerId: number,
    meta: StreamMeta,
    usage: ChatUsage | null,
    startedAt: number,
    ctx: CallContext,
  ): void {
    // At shutdown the row is left pending and marked interrupted in one step afterwards.
    if (this.shuttingDown) return;
    this.record(ledgerId, {
      ...outcomeOf(meta, usage),
      status: 'cancelled',
      finishReason: 'cancelled',
      errorCode: 'cancelled',
      errorMessage: 'Stopped before the answer was complete.',
      endedAt: this.now(),
    });
    this.reconcileLater(ledgerId, meta.generationId, usage, ctx);
    ctx.emit('chat.error', {
      requestId,
      ledgerId,
      error: { code: 'cancelled', message: `Stopped after ${Math.round((this.now() - startedAt) / 100) / 10} s.` },
      usage,
    });
  }

  private reconcileLater(
    ledgerId: number,
    generationId: string | null,
    usage: ChatUsage | null,
    ctx: CallContext,
  ): void {
    if (!generationId || usage?.cost != null || !this.opts.reconciler) return;
    this.opts.reconciler.schedule(ledgerId, generationId, () => ctx.emit('ledger.changed', { ledgerId }));
  }
}

/** What the stream has told us so far about who answered and when. */
interface StreamMeta {
  generationId: string | null;
  model: string | null;
  provider: string | null;
  finishReason: string | null;
  ttftMs: number | null;
}

/** The ledger fields every ending shares: who answered, tokens and cost as far as reported. */
function outcomeOf(meta: StreamMeta, usage: ChatUsage | null) {
  return {
    modelUsed: meta.model,
    provider: meta.provider,
    generationId: meta.generationId,
    promptTokens: usage?.promptTokens ?? null,
    completionTokens: usage?.completionTokens ?? null,
    reasoningTokens: usage?.reasoningTokens ?? null,
    cachedTokens: usage?.cachedTokens ?? null,
    cost: usage?.cost ?? null,
    ttftMs: meta.ttftMs,
  };
}

/**
 * A fetch that watches the response body: any bytes (chunks or keep-alive comments) reset the
 * idle timer, and silence for `idleMs` calls `onIdle`. The SDK's own timeout ends once headers
 * arrive, so without this a hung upstream would wait forever.
 */
function idleWatch(base: typeof fetch, idleMs: number, onIdle: () => void): { fetch: typeof fetch; dispose(): void } {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onIdle, idleMs);
    timer.unref?.();
  };
  const dispose = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const watched: typeof fetch = async (url, init) => {
    const response = await base(url, init);
    if (!response.body) return response;
    arm();
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          arm();
          out.enqueue(chunk);
        },
        flush: dispose,
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: watched, dispose };
}

function readUsage(u: NonNullable<OpenRouterChunk['usage']>): ChatUsage {
  return {
    promptTokens: u.prompt_tokens ?? null,
    completionTokens: u.completion_tokens ?? null,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? null,
    cachedTokens: u.prompt_tokens_details?.cached_tokens ?? null,
    cost: typeof u.cost === 'number' ? u.cost : null,
  };
}

function emptyUsage(): ChatUsage {
  return { promptTokens: null, completionTokens: null, reasoningTokens: null, cachedTokens: null, cost: null };
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function cutOffError(): AppError {
  return new AppError(
    'network',
    'The answer was cut off: the connection to OpenRouter closed before the answer finished. The text so far is kept; send again to retry.',
  );
}

function stallError(idleMs: number): AppError {
  return new AppError(
    'timeout',
    `OpenRouter sent nothing for ${Math.round(idleMs / 1000)} s, so RouterDesk stopped waiting. The text so far is kept; try again, or choose another provider.`,
  );
}

function unrecordedError(): AppError {
  return new AppError(
    'database_error',
    'The answer is complete, but RouterDesk could not record it in the ledger, so its cost is missing from Usage. Check that the disk is not full; your OpenRouter activity page has the cost.',
  );
}

/** A broken connection in the middle of the body (undici: "terminated", or a socket error code). */
function isBrokenConnection(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TypeError' && /terminated/i.test(e.message)) return true;
  const code =
    (e as { code?: unknown; cause?: { code?: unknown } }).code ?? (e as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$/.test(code);
}

function toChatError(e: unknown, baseUrl: string, answering: boolean): AppError {
  if (e instanceof AppError) return e;
  // Once the answer has started, a connection error means it broke, not that OpenRouter is unreachable.
  if (isBrokenConnection(e) || (answering && e instanceof OpenAI.APIConnectionError)) {
    return new AppError(
      'network',
      'The connection to OpenRouter broke part-way through the answer. The text so far is kept; send again to retry.',
    );
  }
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError(
      'timeout',
      'OpenRouter stopped answering. Try again; if it keeps happening, choose another provider.',
    );
  }
  if (e instanceof OpenAI.APIConnectionError) return networkError(baseUrl, e.cause ?? e);
  if (e instanceof OpenAI.APIError) {
    // No status: the SDK threw on an error chunk that arrived mid-stream under HTTP 200.
    if (e.status === undefined) return errorFromStreamChunk(e.error);
    const retryAfterSeconds = retryAfterFrom(e.headers as { get(name: string): string | null } | undefined);
    return errorFromStatus({
      status: e.status,
      body: { error: e.error },
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  return new AppError(
    'internal',
    'The answer could not be read. Try again; if it keeps happening, restart RouterDesk.',
  );
}
