/**
 * Streaming chat completions through the openai SDK pointed at OpenRouter.
 *
 * Each chat.start gets: a ledger row written before the request leaves, deltas coalesced to the
 * caller (about every 16 ms or 2 KB), exactly one terminal event (chat.done or chat.error), and
 * an AbortController that chat.cancel, a closed window/socket, or shutdown can trigger.
 *
 * A request in a stored conversation (`thread`) also stores the user message and the answer: the
 * answer is saved as it streams (about once a second, so a crash keeps its text) and when it
 * ends, and every window is told through the broadcaster.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { AppError } from '@shared/errors';
import type { ParsedInput } from '@shared/contract';
import { buildTree, pathTo, type MessageUsage, type StoredMessage } from '@shared/conversations';
import type {
  AppErrorShape,
  ChatDelta,
  ChatError,
  ChatMessage,
  ChatOrigin,
  ChatParams,
  ChatStarted,
  ChatThread,
  ChatUsage,
} from '@shared/schemas';
import type { ConversationStore, MessagePatch } from '../conversations/conversation-store';
import type { FinishOutcome, Ledger } from '../ledger/ledger';
import { ATTRIBUTION_HEADERS } from '../openrouter/config';
import { cutOffError, stallError, toChatError } from '../openrouter/errors';
import type { CallContext, Logger } from '../rpc';
import { readChunk, readUsage, ReasoningDetailsCollector } from './chunks';
import { DeltaCoalescer } from './coalescer';
import type { CostKeeper, Publish } from './costs';
import { messagesFromBranch } from './thread';

export interface ChatServiceOptions {
  ledger: Ledger;
  /** Where thread requests store their messages. */
  conversations?: ConversationStore;
  /** Events for every window (message.changed, conversations.changed). */
  publish?: Publish;
  /** Looks up or estimates the cost of requests whose stream did not report it. */
  costs?: CostKeeper;
  /** Runs after a stored answer ended 'done' (titles). */
  onAnswered?: (answer: StoredMessage) => void;
  baseUrl: () => string;
  apiKey: () => string | null;
  now?: () => number;
  log?: Logger;
  fetch?: typeof fetch;
  /** Flush interval and size for coalesced deltas. */
  flushMs?: number;
  flushBytes?: number;
  /** A stream that sends no bytes at all (not even keep-alive comments) for this long is given up. */
  idleTimeoutMs?: number;
  /** How often a streaming answer's text is saved and shown to other windows (default 1 s). */
  saveEveryMs?: number;
}

/** OpenRouter sends keep-alive comments every few seconds while a model thinks; two silent minutes mean a dead connection. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_SAVE_EVERY_MS = 1000;

type StartInput = ParsedInput<'chat.start'>;

/** A request ready to leave: its ledger row exists, and for threads so do both messages. */
interface Outgoing {
  requestId: string;
  model: string;
  messages: ChatMessage[];
  params: ChatParams;
  ledgerId: number;
  /** The stored answer this request writes (thread requests). */
  answer: { id: number; conversationId: number } | null;
}

/** A request that no window watches (titles). */
export interface BackgroundRequest {
  model: string;
  messages: ChatMessage[];
  params: ChatParams;
  origin: ChatOrigin;
  conversationId: number | null;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  /** Writes the answer's text so far to its message at once (thread requests). */
  save: () => void;
}

/** What the stream has told us so far about who answered and when. */
interface StreamMeta {
  generationId: string | null;
  model: string | null;
  provider: string | null;
  finishReason: string | null;
  ttftMs: number | null;
}

/** The answer as it arrived. */
interface Received {
  content: string;
  reasoning: string;
  details: ReasoningDetailsCollector;
}

type Ending = { kind: 'done' } | { kind: 'cancelled' } | { kind: 'error'; error: AppError };

const INTERRUPTED: AppErrorShape = {
  code: 'interrupted',
  message:
    'RouterDesk closed while this answer was being written. The text so far is kept; regenerate it for a full answer.',
};

export class ChatService {
  private readonly running = new Map<string, Running>();
  private shuttingDown = false;
  /** After shutdown the database is closed: a stream that settles late writes nothing. */
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: ChatServiceOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(input: StartInput, ctx: CallContext): ChatStarted {
    if (this.shuttingDown) {
      throw new AppError('interrupted', 'RouterDesk is shutting down; the message was not sent.');
    }
    const apiKey = this.opts.apiKey();
    if (!apiKey) {
      throw new AppError('no_key', 'Add your OpenRouter API key in Settings first; requests need it.');
    }
    if (this.running.has(input.requestId)) {
      throw new AppError('invalid_input', 'That request id is already streaming.');
    }
    const prepared = input.thread ? this.prepareThread(input, input.thread) : this.prepareOneOff(input);
    this.launch(prepared.outgoing, apiKey, ctx);
    return {
      requestId: input.requestId,
      ledgerId: prepared.outgoing.ledgerId,
      userMessageId: prepared.userMessageId,
      assistantMessageId: prepared.outgoing.answer?.id ?? null,
    };
  }

  /**
   * Sends a request nobody watches (a title) and resolves with the answer's text; rejects with
   * the AppError it ended with. It has its own ledger row like any other request.
   */
  complete(request: BackgroundRequest): Promise<string> {
    if (this.shuttingDown) {
      return Promise.reject(new AppError('interrupted', 'RouterDesk is shutting down; the request was not sent.'));
    }
    const apiKey = this.opts.apiKey();
    if (!apiKey) return Promise.reject(new AppError('no_key', 'Add your OpenRouter API key in Settings first.'));
    const requestId = randomUUID();
    let ledgerId: number;
    try {
      ledgerId = this.opts.ledger.start({
        requestId,
        origin: request.origin,
        modelRequested: request.model,
        params: request.params,
        conversationId: request.conversationId,
        startedAt: this.now(),
      });
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return new Promise<string>((resolve, reject) => {
      let text = '';
      const ctx: CallContext = {
        emit(name, payload) {
          if (name === 'chat.delta') text += (payload as ChatDelta).content;
          else if (name === 'chat.done') resolve(text);
          else if (name === 'chat.error') {
            const { error } = payload as ChatError;
            reject(new AppError(error.code, error.message));
          }
          return true;
        },
        onClose: () => () => {},
      };
      const outgoing: Outgoing = { ...request, requestId, ledgerId, answer: null };
      this.launch(outgoing, apiKey, ctx);
    });
  }

  cancel(requestId: string): boolean {
    const running = this.running.get(requestId);
    if (!running) return false;
    running.controller.abort();
    return true;
  }

  /**
   * Saves every streaming answer's text, aborts every stream and waits (bounded) for each to
   * settle. Their ledger rows stay pending and their answers 'streaming'; the core marks both
   * interrupted in one step afterwards.
   */
  async shutdown(waitMs = 3000): Promise<void> {
    this.shuttingDown = true;
    const all = [...this.running.values()];
    for (const r of all) {
      r.save();
      r.controller.abort();
    }
    await Promise.race([
      Promise.allSettled(all.map((r) => r.done)),
      new Promise((resolve) => setTimeout(resolve, waitMs).unref()),
    ]);
    this.closed = true;
  }

  private prepareOneOff(input: StartInput): { outgoing: Outgoing; userMessageId: null } {
    const given = input.messages ?? [];
    const system = input.systemPrompt?.trim() ? input.systemPrompt : '';
    const messages: ChatMessage[] =
      system && given[0]?.role !== 'system' ? [{ role: 'system', content: system }, ...given] : given;
    const ledgerId = this.opts.ledger.start({
      requestId: input.requestId,
      origin: input.origin,
      modelRequested: input.model,
      params: input.params,
      startedAt: this.now(),
    });
    return {
      outgoing: {
        requestId: input.requestId,
        model: input.model,
        messages,
        params: input.params,
        ledgerId,
        answer: null,
      },
      userMessageId: null,
    };
  }

  /**
   * A request in a stored conversation: checks where the answer goes, builds the messages from
   * the branch, then writes the ledger row, the user message (when there is a new one) and the
   * answer, in that order, and tells every window.
   */
  private prepareThread(input: StartInput, thread: ChatThread): { outgoing: Outgoing; userMessageId: number } {
    const store = this.opts.conversations;
    if (!store) throw new AppError('internal', 'Conversations are not available in this RouterDesk.');
    const { conversationId, parentId, userContent } = thread;
    // Throws not_found for a conversation that is gone or in the bin.
    const conversation = store.get(conversationId);
    const tree = buildTree(conversation.messages);
    const systemPrompt = input.systemPrompt ?? conversation.settings.systemPrompt;
    const stale = (id: number) =>
      new AppError(
        'invalid_input',
        `Message ${id} is not part of this conversation (it may have been changed in another window). Reload the conversation and try again.`,
      );

    let messages: ChatMessage[];
    let existingUser: StoredMessage | null = null;
    if (userContent !== undefined) {
      if (userContent.trim() === '') throw new AppError('invalid_input', 'Write a message first.');
      let path: StoredMessage[] = [];
      if (parentId !== null) {
        const parent = tree.byId.get(parentId);
        if (!parent) throw stale(parentId);
        if (parent.role !== 'assistant') {
          throw new AppError(
            'invalid_input',
            'A new message follows an answer, and this one follows another message of yours. Edit that message instead, or reload the conversation.',
          );
        }
        if (parent.status === 'streaming') {
          throw new AppError(
            'invalid_input',
            'The answer above is still being written. Wait for it to finish, or stop it, then send your message.',
          );
        }
        path = pathTo(tree, parentId);
      }
      messages = [...messagesFromBranch(path, systemPrompt), { role: 'user', content: userContent }];
    } else {
      if (parentId === null) {
        throw new AppError(
          'invalid_input',
          'Choose the message to answer again: regenerating needs the message it answers.',
        );
      }
      const target = tree.byId.get(parentId);
      if (!target) throw stale(parentId);
      if (target.role !== 'user') {
        throw new AppError(
          'invalid_input',
          'Only your own messages can be answered again. Regenerate from the message above this answer.',
        );
      }
      existingUser = target;
      messages = messagesFromBranch(pathTo(tree, parentId), systemPrompt);
    }

    const ledgerId = this.opts.ledger.start({
      requestId: input.requestId,
      origin: input.origin,
      modelRequested: input.model,
      params: input.params,
      conversationId,
      startedAt: this.now(),
    });
    let user: StoredMessage;
    let answer: StoredMessage;
    try {
      user = existingUser ?? store.addMessage(conversationId, { parentId, role: 'user', content: userContent ?? '' });
      answer = store.addMessage(conversationId, {
        parentId: user.id,
        role: 'assistant',
        content: '',
        model: input.model,
        params: input.params,
        status: 'streaming',
        requestUuid: input.requestId,
        ledgerId,
      });
    } catch (e) {
      // Nothing was sent: the row says so rather than staying pending until the next start.
      this.record(ledgerId, {
        status: 'error',
        errorCode: e instanceof AppError ? e.code : 'database_error',
        errorMessage: 'The message could not be stored, so it was not sent.',
        endedAt: this.now(),
      });
      throw e;
    }
    this.publish('message.changed', { message: user });
    this.publish('message.changed', { message: answer });
    this.publish('conversations.changed', { conversationId, summary: store.summary(conversationId) });
    return {
      outgoing: {
        requestId: input.requestId,
        model: input.model,
        messages,
        params: input.params,
        ledgerId,
        answer: { id: answer.id, conversationId },
      },
      userMessageId: user.id,
    };
  }

  private launch(outgoing: Outgoing, apiKey: string, ctx: CallContext): void {
    const controller = new AbortController();
    const received: Received = { content: '', reasoning: '', details: new ReasoningDetailsCollector() };
    const saver = outgoing.answer ? new Throttle(() => this.saveText(outgoing, received), this.saveEveryMs) : null;
    const running: Running = {
      controller,
      done: Promise.resolve(),
      save: () => saver?.flushNow(),
    };
    this.running.set(outgoing.requestId, running);
    // Removed when the stream ends, so a long-lived window does not keep every request alive.
    const removeCloseHook = ctx.onClose(() => controller.abort());
    running.done = this.stream(outgoing, apiKey, controller, ctx, received, saver)
      .catch((e: unknown) => this.opts.log?.('error', `chat ${outgoing.requestId}: ${describe(e)}`))
      .finally(() => {
        saver?.dispose();
        removeCloseHook();
        this.running.delete(outgoing.requestId);
      });
  }

  private get saveEveryMs(): number {
    return this.opts.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS;
  }

  private async stream(
    out: Outgoing,
    apiKey: string,
    controller: AbortController,
    ctx: CallContext,
    received: Received,
    saver: Throttle | null,
  ): Promise<void> {
    const { requestId } = out;
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

    let ending: Ending;
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
      // OpenRouter takes more than the OpenAI types know (provider routing, reasoning, verbosity
      // 'max', reasoning_details on messages); the body goes over the wire as it is.
      const body = {
        model: out.model,
        messages: out.messages,
        stream: true,
        ...out.params,
      } as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
      const { data: stream, response } = await client.chat.completions
        .create(body, { signal: controller.signal })
        .withResponse();
      // The id is in the headers before any chunk: a request stopped early can still be looked up.
      meta.generationId = response.headers.get('x-generation-id');
      if (meta.generationId) this.noteGeneration(out.ledgerId, meta.generationId);
      answering = true;
      for await (const raw of stream) {
        const chunk = readChunk(raw);
        if (!chunk) continue;
        if (chunk.id) meta.generationId ??= chunk.id;
        if (chunk.model) meta.model = chunk.model;
        if (chunk.provider) meta.provider = chunk.provider;
        for (const choice of chunk.choices) {
          const content = choice.delta?.content ?? '';
          const reasoning = choice.delta?.reasoning ?? '';
          const details = choice.delta?.reasoning_details;
          if ((content || reasoning) && meta.ttftMs === null) meta.ttftMs = this.now() - startedAt;
          if (content || reasoning) coalescer.push(content, reasoning);
          received.content += content;
          received.reasoning += reasoning;
          if (details?.length) received.details.add(details);
          if (content || reasoning || details?.length) saver?.touch();
          // Keep reading after the finish chunk: usage (with the billed cost) comes after it.
          if (choice.finish_reason) meta.finishReason = choice.finish_reason;
        }
        if (chunk.usage) usage = readUsage(chunk.usage);
      }
      coalescer.flush();
      // The SDK ends iteration quietly when aborted, so the signal tells cancel from completion.
      if (controller.signal.aborted && !stalled) ending = { kind: 'cancelled' };
      else if (stalled) ending = { kind: 'error', error: stallError(idleMs) };
      // A stream that ends without a finish reason was cut off, however politely it closed.
      else if (!meta.finishReason) ending = { kind: 'error', error: cutOffError() };
      else ending = { kind: 'done' };
    } catch (e) {
      coalescer.flush();
      if (controller.signal.aborted && !stalled) ending = { kind: 'cancelled' };
      else {
        const error = stalled ? stallError(idleMs) : toChatError(e, baseUrl, answering);
        if (error.code === 'internal') this.opts.log?.('error', `chat ${requestId}: ${describe(e)}`);
        ending = { kind: 'error', error };
      }
    } finally {
      watch.dispose();
      coalescer.dispose();
      saver?.dispose();
    }
    this.end(out, ending, { meta, usage, answering, received, startedAt }, ctx);
  }

  /** Records how a request ended: ledger row, stored answer, the one terminal event, then costs and titles. */
  private end(
    out: Outgoing,
    ending: Ending,
    s: { meta: StreamMeta; usage: ChatUsage | null; answering: boolean; received: Received; startedAt: number },
    ctx: CallContext,
  ): void {
    if (this.closed) return;
    const { requestId, ledgerId } = out;
    const { meta, usage, received } = s;
    const endedAt = this.now();
    const messageId = out.answer?.id ?? null;
    const text: MessagePatch = {
      content: received.content,
      reasoning: received.reasoning,
      reasoningDetails: received.details.result(),
      modelUsed: meta.model,
      provider: meta.provider,
      ttftMs: meta.ttftMs,
      durationMs: endedAt - s.startedAt,
    };

    if (ending.kind === 'cancelled' && this.shuttingDown) {
      // The row is marked interrupted in one step once every stream has stopped; the answer
      // keeps its text and becomes interrupted with it.
      this.saveAnswer(out, text, false);
      ctx.emit('chat.error', { requestId, ledgerId, messageId, error: INTERRUPTED, usage });
      return;
    }

    const error = ending.kind === 'error' ? ending.error : null;
    const recorded = this.record(ledgerId, {
      ...outcomeOf(meta, usage),
      status: ending.kind === 'done' ? 'ok' : ending.kind === 'cancelled' ? 'cancelled' : 'error',
      finishReason: ending.kind === 'cancelled' ? 'cancelled' : (meta.finishReason ?? 'error'),
      ...(ending.kind === 'cancelled'
        ? { errorCode: 'cancelled', errorMessage: 'Stopped before the answer was complete.' }
        : error
          ? { errorCode: error.code, errorMessage: error.message }
          : {}),
      endedAt,
    });
    const answer = this.saveAnswer(
      out,
      {
        ...text,
        status: ending.kind === 'done' ? 'done' : ending.kind === 'cancelled' ? 'stopped' : 'error',
        error: error ? error.toShape() : null,
        usage: messageUsage(usage),
        finishReason: meta.finishReason,
      },
      true,
    );

    if (ending.kind === 'done' && recorded) {
      ctx.emit('chat.done', {
        requestId,
        ledgerId,
        messageId,
        generationId: meta.generationId,
        model: meta.model,
        provider: meta.provider,
        finishReason: meta.finishReason,
        usage: usage ?? emptyUsage(),
        ttftMs: meta.ttftMs,
        durationMs: endedAt - s.startedAt,
      });
    } else if (ending.kind === 'done') {
      ctx.emit('chat.error', { requestId, ledgerId, messageId, error: unrecordedError().toShape(), usage });
    } else if (ending.kind === 'cancelled') {
      const seconds = Math.round((endedAt - s.startedAt) / 100) / 10;
      ctx.emit('chat.error', {
        requestId,
        ledgerId,
        messageId,
        error: { code: 'cancelled', message: `Stopped after ${seconds} s.` },
        usage,
      });
    } else if (error) {
      ctx.emit('chat.error', { requestId, ledgerId, messageId, error: error.toShape(), usage });
    }

    // OpenRouter bills what was generated once a response started, even without a usage chunk.
    if (recorded && s.answering && usage?.cost == null) {
      this.opts.costs?.settle(ledgerId, meta.generationId, {
        promptChars: out.messages.reduce((n, m) => n + m.content.length, 0),
        contentChars: received.content.length,
        reasoningChars: received.reasoning.length,
      });
    }
    if (ending.kind === 'done' && answer) {
      try {
        this.opts.onAnswered?.(answer);
      } catch (e) {
        this.opts.log?.('warn', `chat ${requestId}: after the answer: ${describe(e)}`);
      }
    }
  }

  /** The answer's text so far, while it streams; other windows follow it through message.changed. */
  private saveText(out: Outgoing, received: Received): void {
    if (!out.answer || this.closed) return;
    try {
      const message = this.opts.conversations!.updateMessage(out.answer.id, {
        content: received.content,
        reasoning: received.reasoning,
        reasoningDetails: received.details.result(),
      });
      if (!this.shuttingDown) this.publish('message.changed', { message });
    } catch (e) {
      this.opts.log?.('warn', `chat ${out.requestId}: could not save the answer so far: ${describe(e)}`);
    }
  }

  /** Writes the answer's ending; a failure is logged, never thrown (the ledger already has it). */
  private saveAnswer(out: Outgoing, patch: MessagePatch, announce: boolean): StoredMessage | null {
    if (!out.answer) return null;
    try {
      const store = this.opts.conversations!;
      const message = store.updateMessage(out.answer.id, patch);
      const { conversationId } = out.answer;
      // A conversation moved to the bin mid-answer is shown nowhere: no window needs telling.
      const summary = announce ? store.summary(conversationId) : null;
      if (summary) {
        this.publish('message.changed', { message });
        this.publish('conversations.changed', { conversationId, summary });
      }
      return message;
    } catch (e) {
      this.opts.log?.('error', `chat ${out.requestId}: could not store the answer: ${describe(e)}`);
      return null;
    }
  }

  private publish: Publish = (name, payload) => this.opts.publish?.(name, payload);

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
}

/**
 * Runs `write` at most once per `everyMs` while `touch` is called, first at once; `flushNow`
 * writes what is pending immediately.
 */
class Throttle {
  private timer: NodeJS.Timeout | null = null;
  private last = -Infinity;
  private dirty = false;

  constructor(
    private readonly write: () => void,
    private readonly everyMs: number,
  ) {}

  touch(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.everyMs - performance.now());
    this.timer = setTimeout(() => this.flushNow(), wait);
    this.timer.unref?.();
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    this.last = performance.now();
    this.write();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
  }
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

/** The stream's usage as the answer stores it: billed when it carried a cost. */
function messageUsage(usage: ChatUsage | null): MessageUsage | null {
  if (!usage) return null;
  return { ...usage, costSource: usage.cost !== null ? 'billed' : null };
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

function emptyUsage(): ChatUsage {
  return { promptTokens: null, completionTokens: null, reasoningTokens: null, cachedTokens: null, cost: null };
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function unrecordedError(): AppError {
  return new AppError(
    'database_error',
    'The answer is complete, but RouterDesk could not record it in the ledger, so its cost is missing from Usage. Check that the disk is not full; your OpenRouter activity page has the cost.',
  );
}
