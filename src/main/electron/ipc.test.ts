import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcCallChannel, ipcEventChannel, type CallResult } from '@shared/contract';
import { Broadcaster } from '../core/broadcaster';
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
  /** What Electron emits when a frame starts loading a URL (reload, link, history). */
  startNavigation(url: string, opts: { isMainFrame?: boolean; isSameDocument?: boolean } = {}) {
    this.emit('did-start-navigation', {
      url,
      isMainFrame: opts.isMainFrame ?? true,
      isSameDocument: opts.isSameDocument ?? false,
      frame: null,
      preventDefault: () => {},
    });
  }
  crash() {
    this.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
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

/** No broadcasts: for cores whose tests are about calls only. */
const quiet = { subscribe: () => () => {} };

function recordingCore() {
  const calls: Array<{ name: unknown; input: unknown; ctx: CallContext }> = [];
  const hub = new Broadcaster();
  return {
    calls,
    hub,
    subscribe: hub.subscribe.bind(hub),
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
    const core = { ...quiet, dispatch: vi.fn(async () => Promise.reject(new Error('boom at /home/user/secret'))) };
    registerCallHandlers(core, { pages });
    const result = await call(ipcCallChannel('app.info'), event(ourWindow(), { url: appUrl, parent: null }), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/user');
  });

  it("with the real dispatcher, inputs are parsed by the contract's schema", async () => {
    const handlers = {
      'catalog.endpoints': ({ modelId }: { modelId: string }) => [{ modelId }],
    } as unknown as Handlers;
    registerCallHandlers({ ...quiet, dispatch: (name, input, ctx) => dispatch(handlers, name, input, ctx) }, { pages });
    const ev = event(ourWindow(), { url: appUrl, parent: null });
    const bad = await call(ipcCallChannel('catalog.endpoints'), ev, { modelId: 'x', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const good = await call(ipcCallChannel('catalog.endpoints'), ev, { modelId: '  openai/gpt-4o ' });
    expect(good).toEqual({ ok: true, value: [{ modelId: 'openai/gpt-4o' }] });
  });
});

describe('the page that made the calls goes away', () => {
  const appFrame = { url: appUrl, parent: null };

  async function contextOf(core: ReturnType<typeof recordingCore>, contents: FakeWebContents) {
    await call(ipcCallChannel('chat.start'), event(contents, appFrame), {});
    return core.calls.at(-1)!.ctx;
  }

  it('onClose returns a function that removes the callback', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    const ctx = await contextOf(core, contents);
    const kept = vi.fn();
    const removed = vi.fn();
    ctx.onClose(kept);
    const remove = ctx.onClose(removed);
    expect(typeof remove).toBe('function');
    remove();
    contents.destroy();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
  });

  it.each([
    ['a reload of our page', (c: FakeWebContents) => c.startNavigation(appUrl)],
    ['a main-frame navigation to our page', (c: FakeWebContents) => c.startNavigation(`${appUrl}?fresh=1`)],
    ['the renderer process going away', (c: FakeWebContents) => c.crash()],
  ])('%s ends its streams once, and the next page gets a fresh context', async (_label, goAway) => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    const oldCtx = await contextOf(core, contents);
    const abort = vi.fn();
    oldCtx.onClose(abort);

    goAway(contents);
    expect(abort).toHaveBeenCalledTimes(1);
    // The old page's streams must not send deltas to the page that replaced it.
    expect(oldCtx.emit('chat.delta', { requestId: 'r1', text: 'late' } as never)).toBe(false);
    expect(contents.sent).toHaveLength(0);
    const late = vi.fn();
    oldCtx.onClose(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledTimes(1);

    const newCtx = await contextOf(core, contents);
    expect(newCtx).not.toBe(oldCtx);
    expect(newCtx.emit('chat.delta', { requestId: 'r2', text: 'hi' } as never)).toBe(true);
    const newAbort = vi.fn();
    newCtx.onClose(newAbort);
    contents.destroy();
    expect(newAbort).toHaveBeenCalledTimes(1);
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a same-document navigation (hash route)',
      (c: FakeWebContents) => c.startNavigation(`${appUrl}#/chat`, { isSameDocument: true }),
    ],
    [
      'a subframe navigating',
      (c: FakeWebContents) => c.startNavigation('https://example.com/', { isMainFrame: false }),
    ],
    // will-navigate cancels this one (window.ts), so the page stays.
    ['a link to a web page', (c: FakeWebContents) => c.startNavigation('https://openrouter.ai/docs')],
  ])('%s leaves the streams running', async (_label, navigate) => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    const ctx = await contextOf(core, contents);
    const abort = vi.fn();
    ctx.onClose(abort);
    navigate(contents);
    expect(abort).not.toHaveBeenCalled();
    expect(ctx.emit('chat.delta', { requestId: 'r1', text: 'still here' } as never)).toBe(true);
    expect(await contextOf(core, contents)).toBe(ctx);
  });

  it('adds its listeners once per window, across reloads', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    for (let i = 0; i < 5; i++) {
      await contextOf(core, contents);
      contents.startNavigation(appUrl);
    }
    expect(contents.listenerCount('destroyed')).toBe(1);
    expect(contents.listenerCount('did-start-navigation')).toBe(1);
    expect(contents.listenerCount('render-process-gone')).toBe(1);
  });
});

describe('broadcasts', () => {
  const appFrame = { url: appUrl, parent: null };
  const changed = (conversationId: number) => ({ conversationId, summary: null });
  const channel = ipcEventChannel('conversations.changed');

  it('reach every window that has loaded our page, once each however many calls it made', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const one = ourWindow();
    const two = ourWindow();
    for (let i = 0; i < 3; i++) await call(ipcCallChannel('key.status'), event(one, appFrame), {});
    await call(ipcCallChannel('key.status'), event(two, appFrame), {});
    expect(core.hub.size).toBe(2);

    core.hub.publish('conversations.changed', changed(1));
    expect(one.sent).toEqual([[channel, changed(1)]]);
    expect(two.sent).toEqual([[channel, changed(1)]]);
  });

  it('stop when the page goes away, and start again with the next page of that window', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const contents = ourWindow();
    const other = ourWindow();
    await call(ipcCallChannel('key.status'), event(contents, appFrame), {});
    await call(ipcCallChannel('key.status'), event(other, appFrame), {});

    contents.startNavigation(appUrl); // a reload: the old page is gone
    expect(core.hub.size).toBe(1);
    core.hub.publish('conversations.changed', changed(1));
    expect(contents.sent).toEqual([]);

    await call(ipcCallChannel('key.status'), event(contents, appFrame), {});
    core.hub.publish('conversations.changed', changed(2));
    expect(contents.sent).toEqual([[channel, changed(2)]]);

    other.destroy();
    contents.crash();
    expect(core.hub.size).toBe(0);
    core.hub.publish('conversations.changed', changed(3));
    expect(other.sent).toEqual([
      [channel, changed(1)],
      [channel, changed(2)],
    ]);
    expect(contents.sent).toHaveLength(1);
  });

  it('are never sent to a window that refused calls', async () => {
    const core = recordingCore();
    registerCallHandlers(core, { pages });
    const stranger = ourWindow();
    await call(ipcCallChannel('key.status'), event(stranger, { url: 'https://evil.example/', parent: null }), {});
    core.hub.publish('conversations.changed', changed(1));
    expect(core.hub.size).toBe(0);
    expect(stranger.sent).toEqual([]);
  });
});
