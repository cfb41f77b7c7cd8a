import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, eventNames, ipcCallChannel, ipcEventChannel } from '@shared/contract';

type Forward = (event: unknown, payload: unknown) => void;

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Forward>>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    on: vi.fn((channel: string, fn: Forward) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    }),
    removeListener: vi.fn((channel: string, fn: Forward) => {
      listeners.get(channel)?.delete(fn);
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  return {
    exposed,
    listeners,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('./index');

interface Bridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}
const bridge = electron.exposed.get('routerdesk') as Bridge;

function deliver(channel: string, payload: unknown) {
  for (const fn of electron.listeners.get(channel) ?? []) fn({ sender: 'ipc-event', ports: [] }, payload);
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
});

describe('preload bridge', () => {
  it('exposes only window.routerdesk with invoke and subscribe, never ipcRenderer', () => {
    expect([...electron.exposed.keys()]).toEqual(['routerdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(value).not.toBe(electron.ipcRenderer);
  });

  it("invokes every contract call on the contract's channel", async () => {
    for (const name of callNames) {
      const result = await bridge.invoke(name, { n: 1 });
      expect(result).toEqual({ ok: true, value: { channel: ipcCallChannel(name), input: { n: 1 } } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(callNames.length);
  });

  it.each(['fs.readFile', 'rd:call:app.info', '__proto__', 'toString', '', 42])(
    'refuses the unknown call %s without any IPC',
    async (name) => {
      const result = await bridge.invoke(name as string, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('delivers only the payload to listeners and stops after unsubscribe', () => {
    for (const name of eventNames) {
      const received: unknown[][] = [];
      const off = bridge.subscribe(name, (...args) => received.push(args));
      deliver(ipcEventChannel(name), { requestId: 'r1' });
      expect(received).toEqual([[{ requestId: 'r1' }]]);
      off();
      off();
      deliver(ipcEventChannel(name), { requestId: 'r2' });
      expect(received).toHaveLength(1);
      expect(electron.listeners.get(ipcEventChannel(name))?.size).toBe(0);
    }
  });

  it('refuses to subscribe to an unknown event or without a listener', () => {
    const before = electron.ipcRenderer.on.mock.calls.length;
    expect(() => bridge.subscribe('rd:call:key.set', () => {})).toThrow(/no event named/);
    expect(() => bridge.subscribe('constructor', () => {})).toThrow(/no event named/);
    expect(() => bridge.subscribe('chat.delta', 'not a function' as never)).toThrow(/listener/);
    expect(electron.ipcRenderer.on.mock.calls.length).toBe(before);
  });
});
