/**
 * The one dispatcher both transports use: unknown names are refused, inputs are parsed with the
 * contract's schema before any handler runs, and every failure becomes {code, message}.
 */
import { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type CallOutput,
  type CallResult,
  type EventName,
  type EventPayload,
  type ParsedInput,
} from '../../shared/contract';
import { AppError, toErrorShape } from '../../shared/errors';

/** Per-connection context: where events go and how to learn the connection went away. */
export interface CallContext {
  /** Sends an event to the window or socket that made the call. Returns false once it is gone. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): boolean;
  /**
   * Runs `fn` when the window or socket goes away, or its page reloads (its streams are aborted
   * then). Returns a function that removes `fn`, for work that ends first.
   */
  onClose(fn: () => void): () => void;
}

export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<CallOutput<K>> | CallOutput<K>;
};

export type Logger = (level: 'info' | 'warn' | 'error', message: string) => void;

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not understood.';
  // Our own messages are sentences written for people ("Choose a model first."); zod's generic
  // ones ("Invalid input: expected boolean…") need the field they are about.
  const generic = !/[.!?]$/.test(first.message);
  const where = generic && first.path.length ? `${first.path.join('.')}: ` : '';
  return `${where}${first.message}`;
}

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  ctx: CallContext,
  log?: Logger,
): Promise<CallResult<unknown>> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: 'unknown_call', message: `RouterDesk has no call named "${String(name)}".` },
    };
  }
  const parsed = calls[name].input.safeParse(rawInput === null ? undefined : rawInput);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: describeIssues(parsed.error) } };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (e) {
    if (!(e instanceof AppError))
      log?.('error', `call ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { ok: false, error: toErrorShape(e) };
  }
}
