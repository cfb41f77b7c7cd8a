import { describe, expect, it, vi } from 'vitest';
import { Broadcaster } from './broadcaster';

const changed = { conversationId: 3, summary: null };

describe('Broadcaster', () => {
  it('sends each event to every subscriber until it unsubscribes', () => {
    const hub = new Broadcaster();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = hub.subscribe(a);
    hub.subscribe(b);
    hub.publish('conversations.changed', changed);
    expect(a).toHaveBeenCalledWith('conversations.changed', changed);
    expect(b).toHaveBeenCalledWith('conversations.changed', changed);

    stopA();
    stopA();
    hub.publish('conversations.changed', { conversationId: 4, summary: null });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(hub.size).toBe(1);
  });

  it('counts the same listener subscribed twice as two subscriptions', () => {
    const hub = new Broadcaster();
    const fn = vi.fn();
    const first = hub.subscribe(fn);
    hub.subscribe(fn);
    first();
    hub.publish('conversations.changed', changed);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering when one listener throws, and logs it', () => {
    const log = vi.fn();
    const hub = new Broadcaster(log);
    const after = vi.fn();
    hub.subscribe(() => {
      throw new Error('socket gone');
    });
    hub.subscribe(after);
    hub.publish('conversations.changed', changed);
    expect(after).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('socket gone'));
  });

  it('lets a listener unsubscribe while an event is being delivered', () => {
    const hub = new Broadcaster();
    const second = vi.fn();
    const stop: Array<() => void> = [];
    stop.push(hub.subscribe(() => stop[1]!()));
    stop.push(hub.subscribe(second));
    hub.publish('conversations.changed', changed);
    // Everyone subscribed when the event was published still gets it; later ones do not.
    expect(second).toHaveBeenCalledTimes(1);
    hub.publish('conversations.changed', changed);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
