import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcCallChannel, ipcEventChannel, type CallResult } from '../../shared/contract';
import { dispatch, type CallContext, type Handlers } from '../core/rpc';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const ourWindows = new Set<unknown>();
  return {
    handlers,
    ourWindows,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, fn);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    BrowserWindow: { fromWebContents: (contents: unknown) => (ourWindows.has(contents) ? {} : null) },
  };
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, BrowserWindow: electron.BrowserWindow }));

const { registerCallHandlers } = await import('./ipc');

const rendererFile = join('/opt', 'RouterDesk', 'out', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererFile).href;
const pages = { rendererFile };

class FakeWebContents extends EventEmitter {
  destroyed = false;
  sent: Array<[string, unknown]> = [];
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, payload]);
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function ourWindow(): FakeWebContents {
  const contents = new FakeWebContents();
  electron.ourWindows.add(contents);
  return contents;
}

function event(sender: FakeWebContents, frame: { url: string; parent: unknown } | null) {
  return { sender, senderFrame: frame };
}

function call(channel: string, ev: unknown, input: unknown): Promise<CallResult<unknown>> {
  const handler = electron.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(ev, input) as Promise<CallResult<unknown>>;
}

function recordingCore() {
  const calls: Array<{ name: unknown; input: unknown; ctx: CallContext }> = [];
  return {
    calls,
    dispatch: vi.fn(async (name: unknown, input: unknown, ctx: CallContext): Promise<CallResult<unknown>> => {
      calls.push({ name, input, ctx });
      return { ok: true, value: { echoed: name } };
    }),
  };
}

beforeEach(() => {
  electron.handlers.clear();
  electron.ourWindows.clear();
});

describe('registerCallHandlers', () => {
  it('handles exactly the contract calls, on their prefixed channels, and can remove them', () => {
    const dispose = registerCallHandlers(recordingCore(), { pages });
    expect([...electron.handlers.keys()].sort()).toEqual(callNames.map(ipcCallChannel).sort());
    dispose();
    expect(electron.handlers.size).toBe(0);
  });

  it("dispatches a call from our window's top-level frame", async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    const result = await call(
      ipcCallChannel('catalog.list'),
      event(contents, { url: `${appUrl}#/catalog`, parent: null }),
      { refresh: true },
    );
    expect(result).toEqual({ ok: true, value: { echoed: 'catalog.list' } });
    expect(core.calls).toHaveLength(1);
    expect(core.calls[0]).toMatchObject({ name: 'catalog.list', input: { refresh: true } });
  });

  it.each([
    ['an iframe inside our page', { url: appUrl, parent: { url: appUrl } }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['another local file', { url: 'file:///tmp/evil.html', parent: null }],
    ['a frame that is already gone', null],
  ])('refuses %s with forbidden_sender and never reaches the core', async (_label, frame) => {
    const core = recordingCore();
    const log = vi.fn();
    registerCallHandlers(core, { pages, log });
    const result = await call(ipcCallChannel('key.status'), event(ourWindow(), frame), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(core.dispatch).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('refused call key.status'));
  });

  it('refuses a webContents that is not one of our windows, even showing our page', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const stranger = new FakeWebContents();
    const result = await call(ipcCallChannel('key.status'), event(stranger, { url: appUrl, parent: null }), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('sends events to the calling window only while it exists, and runs close callbacks once', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    await call(ipcCallChannel('chat.start'), event(contents, { url: appUrl, parent: null }), {});
    const ctx = core.calls[0]!.ctx;

    const payload = { requestId: 'r1', text: 'Hello' } as never;
    expect(ctx.emit('chat.delta', payload)).toBe(true);
    expect(contents.sent).toEqual([[ipcEventChannel('chat.delta'), payload]]);

    const closed = vi.fn();
    ctx.onClose(closed);
    contents.destroy();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(ctx.emit('chat.delta', payload)).toBe(false);
    expect(contents.sent).toHaveLength(1);

    // Registered after the window went away: still told, so nothing waits forever.
    const late = vi.fn();
    ctx.onClose(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('keeps one listener per window however many calls it makes', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    for (let i = 0; i < 25; i++) {
      await call(ipcCallChannel('key.status'), event(contents, { url: appUrl, parent: null }), {});
    }
    expect(contents.listenerCount('destroyed')).toBe(1);
    expect(new Set(core.calls.map((c) => c.ctx)).size).toBe(1);
  });

  it('turns an unexpected throw into an internal error envelope', async () => {
    const core = { dispatch: vi.fn(async () => Promise.reject(new Error('boom at /home/user/secret'))) };
    registerCallHandlers(core, { pages });
    const result = await call(ipcCallChannel('app.info'), event(ourWindow(), { url: appUrl, parent: null }), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/user');
  });

  it("with the real dispatcher, inputs are parsed by the contract's schema", async () => {
    const handlers = {
      'catalog.endpoints': ({ modelId }: { modelId: string }) => [{ modelId }],
    } as unknown as Handlers;
    registerCallHandlers({ dispatch: (name, input, ctx) => dispatch(handlers, name, input, ctx) }, { pages });
    const ev = event(ourWindow(), { url: appUrl, parent: null });
    const bad = await call(ipcCallChannel('catalog.endpoints'), ev, { modelId: 'x', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const good = await call(ipcCallChannel('catalog.endpoints'), ev, { modelId: '  openai/gpt-4o ' });
    expect(good).toEqual({ ok: true, value: [{ modelId: 'openai/gpt-4o' }] });
  });
});
