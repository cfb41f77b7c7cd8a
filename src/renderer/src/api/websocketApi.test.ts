import { describe, expect, it } from 'vitest';
import { ApiError } from './ApiError';
import { createWebSocketApi, LOST_CONNECTION_MESSAGE, type SocketLike } from './websocketApi';

/** A socket the test drives by hand: it opens, answers and drops when told to. */
class FakeSocket implements SocketLike {
  sent: Array<{ id: number; call: string; input: unknown }> = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.onerror?.();
    this.onclose?.();
  }
}

/** Timers run only when the test says so, so backoff is checked without waiting. */
function harness(maxAttempts = 3) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const reports: string[] = [];
  const api = createWebSocketApi({
    url: 'ws://127.0.0.1:1234/ws',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    maxAttempts,
    setTimer: (fn, ms) => {
      const timer = { fn, ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    report: (message) => reports.push(message),
  });
  const latest = () => sockets[sockets.length - 1]!;
  const runNextTimer = () => {
    const timer = timers.shift();
    if (!timer) throw new Error('no timer scheduled');
    timer.fn();
    return timer.ms;
  };
  return { api, sockets, timers, reports, latest, runNextTimer };
}

async function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

describe('createWebSocketApi', () => {
  it('connects to the given URL and queues calls until the socket opens', async () => {
    const { api, latest } = harness();
    expect(latest().url).toBe('ws://127.0.0.1:1234/ws');
    expect(api.connection.status()).toBe('connecting');

    const result = api.call('key.status');
    expect(latest().sent).toEqual([]);

    latest().open();
    expect(api.connection.status()).toBe('open');
    expect(latest().sent).toEqual([{ id: 1, call: 'key.status', input: null }]);

    latest().receive({ id: 1, ok: true, value: { set: false } });
    await expect(result).resolves.toEqual({ set: false });
  });

  it('matches answers to calls by id, whatever order they come back in', async () => {
    const { api, latest } = harness();
    latest().open();
    const info = api.call('app.info');
    const catalog = api.call('catalog.list', { refresh: true });
    expect(latest().sent[1]).toEqual({ id: 2, call: 'catalog.list', input: { refresh: true } });

    latest().receive({ id: 2, ok: true, value: 'catalog' });
    latest().receive({ id: 1, ok: true, value: 'info' });
    await expect(info).resolves.toBe('info');
    await expect(catalog).resolves.toBe('catalog');
  });

  it('turns {ok:false} into an ApiError carrying the code, message, status and retry hint', async () => {
    const { api, latest } = harness();
    latest().open();
    const result = settled(api.call('account.get'));
    latest().receive({
      id: 1,
      ok: false,
      error: { code: 'rate_limited', message: 'Wait a minute.', status: 429, retryAfterSeconds: 30 },
    });
    const { error } = await result;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      message: 'Wait a minute.',
      status: 429,
      retryAfterSeconds: 30,
    });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { api, latest } = harness();
    latest().open();
    const seen: unknown[] = [];
    const off = api.on('chat.delta', (payload) => seen.push(payload));
    latest().receive({ event: 'chat.delta', payload: { requestId: 'a', content: 'Hel', reasoning: '' } });
    latest().receive({ event: 'chat.done', payload: { requestId: 'a' } });
    off();
    latest().receive({ event: 'chat.delta', payload: { requestId: 'a', content: 'lo', reasoning: '' } });
    expect(seen).toEqual([{ requestId: 'a', content: 'Hel', reasoning: '' }]);
  });

  it('keeps delivering to other listeners when one of them throws', () => {
    const { api, latest, reports } = harness();
    latest().open();
    const seen: unknown[] = [];
    api.on('chat.done', () => {
      throw new Error('boom');
    });
    api.on('chat.done', (payload) => seen.push(payload));
    latest().receive({ event: 'chat.done', payload: 1 });
    expect(seen).toEqual([1]);
    expect(reports).toHaveLength(1);
  });

  it('fails calls in flight with a network error when the socket drops, then reconnects', async () => {
    const { api, sockets, latest, runNextTimer } = harness();
    latest().open();
    const inFlight = settled(api.call('ledger.summary'));
    latest().drop();

    const { error } = await inFlight;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('network');
    expect(api.connection.status()).toBe('reconnecting');

    // A call made while reconnecting waits for the new socket instead of failing.
    const later = api.call('ledger.summary');
    runNextTimer();
    expect(sockets).toHaveLength(2);
    latest().open();
    expect(api.connection.status()).toBe('open');
    expect(latest().sent).toEqual([{ id: 2, call: 'ledger.summary', input: null }]);
    latest().receive({ id: 2, ok: true, value: 7 });
    await expect(later).resolves.toBe(7);
  });

  it('backs off between attempts and gives up after the last one, failing queued calls', async () => {
    const { api, sockets, latest, runNextTimer, timers } = harness(3);
    latest().open();
    latest().drop();
    const queued = settled(api.call('app.info'));

    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(runNextTimer());
      latest().drop();
    }
    expect(delays[0]).toBeLessThan(delays[1]!);
    expect(delays[1]).toBeLessThan(delays[2]!);
    expect(sockets).toHaveLength(4);
    expect(timers).toHaveLength(0);
    expect(api.connection.status()).toBe('lost');

    const { error } = await queued;
    expect((error as ApiError).message).toBe(LOST_CONNECTION_MESSAGE);
    // The host is gone; a new one has a new port and token, so a reload cannot help.
    expect(LOST_CONNECTION_MESSAGE).toBe(
      'RouterDesk stopped. Start it again (npm run web) and open the new URL it prints.',
    );
    await expect(api.call('app.info')).rejects.toMatchObject({
      code: 'network',
      message: LOST_CONNECTION_MESSAGE,
    });
  });

  it('starts counting attempts afresh after a successful reconnect', () => {
    const { api, latest, runNextTimer } = harness(2);
    latest().open();
    for (let round = 0; round < 3; round++) {
      latest().drop();
      runNextTimer();
      latest().drop();
      runNextTimer();
      latest().open();
    }
    expect(api.connection.status()).toBe('open');
  });

  it('tells subscribers about every change of connection status', () => {
    const { api, latest, runNextTimer } = harness();
    const seen: string[] = [];
    api.connection.subscribe(() => seen.push(api.connection.status()));
    latest().open();
    latest().drop();
    runNextTimer();
    latest().open();
    expect(seen).toEqual(['open', 'reconnecting', 'open']);
  });

  it('ignores frames that are not JSON or answer no call, and reports them', () => {
    const { latest, reports } = harness();
    latest().open();
    latest().onmessage?.({ data: 'not json' });
    latest().receive({ id: 99, ok: true, value: 1 });
    latest().receive({ hello: 'world' });
    expect(reports).toHaveLength(2);
  });

  it('stops for good when disposed', async () => {
    const { api, latest, timers } = harness();
    const pending = settled(api.call('app.info'));
    api.dispose();
    expect(latest().closed).toBe(true);
    expect(timers).toHaveLength(0);
    expect(((await pending).error as ApiError).code).toBe('network');
  });
});
