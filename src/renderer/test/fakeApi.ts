/**
 * A RendererApi for tests: calls are answered by handlers the test gives, events are emitted
 * by the test, and the connection state is set by hand.
 */
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@shared/contract';
import type { ConnectionStatus, RendererApi } from '../src/api/types';

export type Handlers = { [K in CallName]?: (input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>> };

export interface FakeApi extends RendererApi {
  calls: Array<{ name: CallName; input: unknown }>;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  setStatus(status: ConnectionStatus): void;
  listenerCount(name: EventName): number;
}

export function createFakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<() => void>();
  let status: ConnectionStatus = 'open';
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    async call(name, input) {
      calls.push({ name, input });
      const handler = handlers[name] as ((i: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`no fake handler for ${name}`);
      return (await handler(input)) as never;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(name, payload) {
      for (const l of [...(listeners.get(name) ?? [])]) l(payload);
    },
    setStatus(next) {
      status = next;
      for (const l of [...statusListeners]) l();
    },
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
    connection: {
      status: () => status,
      subscribe(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
    },
  };
}
