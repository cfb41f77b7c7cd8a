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
} from '@shared/contract';
import { AppError, toErrorShape } from '@shared/errors';

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

/**
 * What both shells keep per window or socket: functions to run when it goes away. One that is
 * added after it went away still runs (on the next microtask), so a call that finishes starting
 * late does not leave a stream running for nobody. A failing function is logged, and the rest run.
 */
export interface CloseHooks {
  onClose: CallContext['onClose'];
  /** Runs every function once; later calls do nothing. */
  close(): void;
  readonly closed: boolean;
}

export function createCloseHooks(onError: (e: unknown) => void): CloseHooks {
  const hooks = new Set<() => void>();
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    onClose(fn) {
      if (closed) queueMicrotask(fn);
      else hooks.add(fn);
      return () => {
        hooks.delete(fn);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      const all = [...hooks];
      hooks.clear();
      for (const fn of all) {
        try {
          fn();
        } catch (e) {
          onError(e);
        }
      }
    },
  };
}
