/**
 * Events for every open window and socket at once (a conversation renamed in one window shows
 * renamed in all of them), unlike CallContext.emit, which answers only the caller. Each shell
 * subscribes once per connection and unsubscribes when the connection ends.
 */
import type { EventName, EventPayload } from '@shared/contract';
import type { Logger } from './rpc';

export type BroadcastListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export class Broadcaster {
  private readonly listeners = new Set<BroadcastListener>();

  constructor(private readonly log?: Logger) {}

  /** Returns a function that unsubscribes; calling it again does nothing. */
  subscribe(listener: BroadcastListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: BroadcastListener = (name, payload) => listener(name, payload);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Sends to every listener; one that throws is logged and the others still get the event. */
  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch (e) {
        this.log?.('warn', `broadcast ${name}: a listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
