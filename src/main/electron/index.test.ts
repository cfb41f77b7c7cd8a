/**
 * The main entry's wiring, with Electron and the core replaced by fakes: data directory, single
 * instance, core options, IPC, window, shutdown before quit, and the fatal startup dialog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcCallChannel } from '@shared/contract';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const state = {
    order: [] as string[],
    paths: new Map<string, string>(),
    appListeners: new Map<string, Listener[]>(),
    lock: true,
    windows: [] as Array<{
      options: { webPreferences: { preload: string } };
      focused: number;
      restored: number;
      minimized: boolean;
    }>,
    handlers: new Set<string>(),
    quit: 0,
    exitCode: null as number | null,
    errorBoxes: [] as Array<[string, string]>,
    createCore: null as null | ((opts: unknown) => Promise<unknown>),
    coreOptions: [] as unknown[],
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeBrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows;
    static fromWebContents = () => ({});
    webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => {} });
    options: unknown;
    focused = 0;
    restored = 0;
    minimized = true;
    constructor(options: unknown) {
      super();
      this.options = options;
      fake.windows.push(this as never);
    }
    loadFile = () => Promise.resolve();
    loadURL = () => Promise.resolve();
    isMinimized = () => this.minimized;
    restore = () => void this.restored++;
    show = () => {};
    focus = () => void this.focused++;
  }
  const app = {
    isPackaged: false,
    setPath: (name: string, value: string) => {
      fake.order.push(`setPath:${name}`);
      fake.paths.set(name, value);
    },
    getPath: (name: string) => fake.paths.get(name) ?? `/default/${name}`,
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => {
      fake.order.push('lock');
      return fake.lock;
    },
    on: (event: string, fn: Listener) => {
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), fn]);
      return app;
    },
    whenReady: () => Promise.resolve(),
    quit: () => void fake.quit++,
    exit: (code: number) => void (fake.exitCode = code),
  };
  const ses = {
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    webRequest: { onHeadersReceived: () => {} },
  };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: (title: string, message: string) => fake.errorBoxes.push([title, message]) },
    session: { defaultSession: ses },
    ipcMain: { handle: (channel: string) => fake.handlers.add(channel), removeHandler: () => {} },
    Menu: { setApplicationMenu: () => {}, buildFromTemplate: (t: unknown) => t },
    shell: { openExternal: () => Promise.resolve() },
  };
});

vi.mock('../core/app', () => ({
  createCore: (opts: unknown) => {
    fake.coreOptions.push(opts);
    return fake.createCore!(opts);
  },
}));

const dataDir = mkdtempSync(join(tmpdir(), 'routerdesk-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function emitApp(event: string, ...args: unknown[]) {
  for (const fn of fake.appListeners.get(event) ?? []) fn(...args);
}

async function flush() {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

function fakeCore() {
  let finishShutdown: () => void = () => {};
  const core = {
    dataDir,
    dispatch: vi.fn(async () => ({ ok: true as const, value: null })),
    shutdown: vi.fn(() => new Promise<void>((r) => (finishShutdown = r))),
  };
  return { core, finish: () => finishShutdown() };
}

async function startMain() {
  vi.resetModules();
  await import('./index');
  await flush();
}

beforeEach(() => {
  fake.order.length = 0;
  fake.paths.clear();
  fake.appListeners.clear();
  fake.windows.length = 0;
  fake.handlers.clear();
  fake.quit = 0;
  fake.exitCode = null;
  fake.errorBoxes.length = 0;
  fake.coreOptions.length = 0;
  fake.lock = true;
  process.env.ROUTERDESK_DATA_DIR = dataDir;
});

describe('Electron main entry', () => {
  it('uses ROUTERDESK_DATA_DIR as userData before taking the single-instance lock, and starts the core there', async () => {
    const { core } = fakeCore();
    fake.createCore = async () => core;
    await startMain();
    expect(fake.order.slice(0, 2)).toEqual(['setPath:userData', 'lock']);
    expect(fake.paths.get('userData')).toBe(resolve(dataDir));
    expect(fake.coreOptions).toEqual([
      { dataDir: resolve(dataDir), shell: 'electron', appVersion: '0.1.0', log: expect.any(Function) },
    ]);
  });

  it('registers every call over IPC and opens one window with the built preload', async () => {
    const { core } = fakeCore();
    fake.createCore = async () => core;
    await startMain();
    expect([...fake.handlers].sort()).toEqual(callNames.map(ipcCallChannel).sort());
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.options.webPreferences.preload).toMatch(/[\\/]preload[\\/]index\.js$/);
  });

  it('a second instance quits at once and leaves the data alone', async () => {
    fake.lock = false;
    fake.createCore = async () => fakeCore().core;
    await startMain();
    expect(fake.quit).toBe(1);
    expect(fake.coreOptions).toHaveLength(0);
    expect(fake.windows).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    fake.createCore = async () => fakeCore().core;
    await startMain();
    emitApp('second-instance');
    expect(fake.windows[0]!.restored).toBe(1);
    expect(fake.windows[0]!.focused).toBe(1);
  });

  it('closes the core once before quitting', async () => {
    const { core, finish } = fakeCore();
    fake.createCore = async () => core;
    await startMain();

    const first = { preventDefault: vi.fn() };
    const second = { preventDefault: vi.fn() };
    emitApp('before-quit', first);
    emitApp('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    await flush();
    expect(core.shutdown).toHaveBeenCalledTimes(1);
    expect(fake.quit).toBe(0);

    finish();
    await flush();
    expect(fake.quit).toBe(1);
    const final = { preventDefault: vi.fn() };
    emitApp('before-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();
    expect(core.shutdown).toHaveBeenCalledTimes(1);
  });

  it('shows the reason and quits when the core cannot start (a newer database)', async () => {
    const message = 'This ledger was written by a newer RouterDesk. Update RouterDesk to open it.';
    fake.createCore = async () => {
      // The same module instance the freshly imported entry uses (resetModules gives a new one).
      const { AppError } = await import('@shared/errors');
      throw new AppError('database_newer', message);
    };
    await startMain();
    expect(fake.errorBoxes).toEqual([['RouterDesk could not start', message]]);
    expect(fake.exitCode).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.handlers.size).toBe(0);
  });

  it('explains a database module built for the wrong runtime', async () => {
    fake.createCore = async () => {
      throw new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.');
    };
    await startMain();
    expect(fake.errorBoxes[0]?.[1]).toMatch(/node scripts\/electron-native\.mjs/);
    expect(fake.exitCode).toBe(1);
  });
});
