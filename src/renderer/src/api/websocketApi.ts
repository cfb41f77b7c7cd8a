/**
 * The web host's transport: one WebSocket carrying every call and event of the contract.
 * Calls made before the socket opens wait in a queue; a dropped socket fails the calls it was
 * carrying (their answers are gone) and reconnects with a bounded backoff, then gives up and
 * says so, because a server that stays away needs the user, not more retries.
 *
 * Giving up means the web host process is gone. A new one listens on a new port with a new
 * token, so reloading this page can never reach it: the message sends the user to the new URL
 * instead, and the page stays as it is so its text can still be copied.
 */
import type { CallName, EventName } from '@shared/contract';
import type { AppErrorShape } from '@shared/schemas';
import { ApiError } from './ApiError';
import type { ConnectionStatus, RendererApi } from './types';

export const LOST_CONNECTION_MESSAGE =
  'RouterDesk stopped. Start it again (npm run web) and open the new URL it prints.';
const DROPPED_CALL_MESSAGE =
  'The connection to RouterDesk closed before it answered. It is reconnecting; try again in a moment.';

/** The part of the browser's WebSocket this client uses, so tests can hand in a fake. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
}

export interface WebSocketApiOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Reconnect attempts after a drop before giving up. */
  maxAttempts?: number;
  /** Wait before reconnect attempt `attempt` (1-based). */
  retryDelayMs?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Where a misbehaving event listener or frame gets reported. */
  report?: (message: string, detail?: unknown) => void;
}

export interface WebSocketApi extends RendererApi {
  /** Closes the socket for good: no more reconnects, waiting calls fail. */
  dispose(): void;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: ApiError): void;
  /** The serialized frame while it still waits for an open socket; null once sent. */
  frame: string | null;
}

function networkError(message: string): ApiError {
  return new ApiError({ code: 'network', message });
}

function defaultRetryDelay(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 1), 5000);
}

function parseFrame(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') return null;
  try {
    const frame: unknown = JSON.parse(data);
    return frame !== null && typeof frame === 'object' ? (frame as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createWebSocketApi(options: WebSocketApiOptions): WebSocketApi {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const maxAttempts = options.maxAttempts ?? 10;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
  const report = options.report ?? ((message, detail) => console.error(message, detail));

  let status: ConnectionStatus = 'connecting';
  let socket: SocketLike | null = null;
  let open = false;
  let attempts = 0;
  let retryTimer: unknown = null;
  let disposed = false;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  const eventListeners = new Map<string, Set<(payload: never) => void>>();
  const statusListeners = new Set<() => void>();

  function setStatus(next: ConnectionStatus): void {
    if (status === next) return;
    status = next;
    for (const listener of [...statusListeners]) listener();
  }

  function flushQueue(): void {
    for (const entry of waiting.values()) {
      if (entry.frame === null || !socket) continue;
      socket.send(entry.frame);
      entry.frame = null;
    }
  }

  function failWaiting(onlySent: boolean, error: ApiError): void {
    for (const [id, entry] of waiting) {
      if (onlySent && entry.frame !== null) continue;
      waiting.delete(id);
      entry.reject(error);
    }
  }

  function handleFrame(frame: Record<string, unknown>): void {
    if (typeof frame.id === 'number') {
      const entry = waiting.get(frame.id);
      if (!entry) return;
      waiting.delete(frame.id);
      if (frame.ok === true) entry.resolve(frame.value);
      else entry.reject(new ApiError(frame.error as AppErrorShape));
      return;
    }
    if (typeof frame.event === 'string') {
      const listeners = eventListeners.get(frame.event);
      if (!listeners) return;
      for (const listener of [...listeners]) {
        try {
          listener(frame.payload as never);
        } catch (e) {
          report(`A listener for ${frame.event} failed`, e);
        }
      }
      return;
    }
    report('Ignored a WebSocket frame RouterDesk did not understand', frame);
  }

  function scheduleReconnect(): void {
    attempts += 1;
    if (attempts > maxAttempts) {
      setStatus('lost');
      failWaiting(false, networkError(LOST_CONNECTION_MESSAGE));
      return;
    }
    setStatus('reconnecting');
    retryTimer = setTimer(() => {
      retryTimer = null;
      connect();
    }, retryDelayMs(attempts));
  }

  function connect(): void {
    if (disposed) return;
    let current: SocketLike;
    try {
      current = createSocket(options.url);
    } catch (e) {
      report('Could not open the WebSocket', e);
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      open = true;
      attempts = 0;
      setStatus('open');
      flushQueue();
    };
    current.onmessage = (event) => {
      if (socket !== current) return;
      const frame = parseFrame(event.data);
      if (frame) handleFrame(frame);
      else report('Ignored a WebSocket frame that is not JSON', event.data);
    };
    current.onerror = () => {
      // Always followed by close, which does the work.
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      open = false;
      failWaiting(true, networkError(DROPPED_CALL_MESSAGE));
      if (!disposed) scheduleReconnect();
    };
  }

  connect();

  return {
    connection: {
      status: () => status,
      subscribe(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
    },

    call(name: CallName, input?: unknown) {
      if (status === 'lost' || disposed) {
        return Promise.reject(networkError(LOST_CONNECTION_MESSAGE));
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, call: name, input: input === undefined ? null : input });
      return new Promise<never>((resolve, reject) => {
        const entry: Waiting = { resolve: resolve as (v: unknown) => void, reject, frame };
        waiting.set(id, entry);
        if (open && socket) {
          socket.send(frame);
          entry.frame = null;
        }
      });
    },

    on(name: EventName, listener: (payload: never) => void) {
      let listeners = eventListeners.get(name);
      if (!listeners) {
        listeners = new Set();
        eventListeners.set(name, listeners);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    dispose() {
      disposed = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null;
      open = false;
      current?.close();
      failWaiting(false, networkError(LOST_CONNECTION_MESSAGE));
      setStatus('lost');
    },
  };
}
