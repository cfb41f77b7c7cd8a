/** Helpers for the core's integration tests: a keychain in memory, and recorders for events. */
import type { EventName, EventPayload } from '@shared/contract';
import type { CallContext } from './rpc';
import type { SecretBackend } from './secrets/vault';

/** Parsed payloads in assertions: tests navigate them freely and let expect() do the checking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RecordedEvent {
  name: EventName;
  payload: Json;
}

export function memoryBackend(): SecretBackend & { value: string | null } {
  return {
    name: 'test keychain',
    value: null,
    get() {
      return this.value;
    },
    set(v: string) {
      this.value = v;
    },
    delete() {
      this.value = null;
    },
  };
}

export interface Recorder extends CallContext {
  events: RecordedEvent[];
  /** The window or socket goes away. */
  close(): void;
  /** The chat.done or chat.error of a request, once it has come (polls for up to 10 s). */
  terminal(requestId: string): Promise<RecordedEvent>;
  /** The text of a request's chat.delta events so far. */
  text(requestId: string): string;
}

/** A CallContext that records what the core emits to the caller. */
export function recorder(): Recorder {
  const closers: Array<() => void> = [];
  const events: RecordedEvent[] = [];
  const ofRequest = (e: RecordedEvent, requestId: string) =>
    (e.payload as { requestId?: string }).requestId === requestId;
  return {
    events,
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      events.push({ name, payload });
      return true;
    },
    onClose(fn) {
      closers.push(fn);
      return () => {
        const i = closers.indexOf(fn);
        if (i >= 0) closers.splice(i, 1);
      };
    },
    close() {
      for (const fn of closers.splice(0)) fn();
    },
    async terminal(requestId) {
      for (let i = 0; i < 500; i++) {
        const ev = events.find((e) => (e.name === 'chat.done' || e.name === 'chat.error') && ofRequest(e, requestId));
        if (ev) return ev;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no terminal event for ${requestId}`);
    },
    text(requestId) {
      return events
        .filter((e) => e.name === 'chat.delta' && ofRequest(e, requestId))
        .map((e) => (e.payload as { content: string }).content)
        .join('');
    },
  };
}

/** Every broadcast a core publishes, as a shell subscribed for one connection sees them. */
export function broadcasts(core: { subscribe(listener: (name: EventName, payload: Json) => void): () => void }): {
  seen: RecordedEvent[];
  stop: () => void;
} {
  const seen: RecordedEvent[] = [];
  const stop = core.subscribe((name, payload) => seen.push({ name, payload }));
  return { seen, stop };
}
