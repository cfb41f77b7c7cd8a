import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const opened: string[] = [];
  const windows: unknown[] = [];
  return { opened, windows };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
      this.openHandler = fn;
    }
  }
  class FakeBrowserWindow extends Emitter {
    options: unknown;
    webContents = new FakeWebContents();
    loaded: { file?: string; url?: string } = {};
    shown = false;
    constructor(options: unknown) {
      super();
      this.options = options;
      electron.windows.push(this);
    }
    loadFile(file: string) {
      this.loaded = { file };
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = { url };
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    shell: {
      openExternal: (url: string) => {
        electron.opened.push(url);
        return Promise.resolve();
      },
    },
  };
});

const { createMainWindow, hardenSession } = await import('./window');
const { applicationMenuTemplate, DOCS_URL } = await import('./menu');

const rendererFile = join('/opt', 'RouterDesk', 'out', 'renderer', 'index.html');
const appUrl = pathToFileURL(rendererFile).href;
const preloadPath = join('/opt', 'RouterDesk', 'out', 'preload', 'index.js');
const log = vi.fn();

interface FakeWindow extends EventEmitter {
  options: { title: string; show: boolean; webPreferences: Record<string, unknown> };
  webContents: EventEmitter & { openHandler: (details: { url: string }) => { action: string } };
  loaded: { file?: string; url?: string };
  shown: boolean;
}

function open(devServerUrl?: string): FakeWindow {
  createMainWindow({ pages: { rendererFile, ...(devServerUrl ? { devServerUrl } : {}) }, preloadPath, log });
  return electron.windows.at(-1) as FakeWindow;
}

function navigate(win: FakeWindow, channel: 'will-navigate' | 'will-redirect', url: string): boolean {
  let prevented = false;
  win.webContents.emit(channel, { url, preventDefault: () => (prevented = true) });
  return prevented;
}

beforeEach(() => {
  electron.opened.length = 0;
  electron.windows.length = 0;
});

describe('createMainWindow', () => {
  it('creates a sandboxed window with our preload and loads the built page from disk', () => {
    const win = open();
    expect(win.options.title).toBe('RouterDesk');
    expect(win.options.webPreferences).toMatchObject({
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.loaded).toEqual({ file: rendererFile });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('loads the dev server URL in development', () => {
    expect(open('http://localhost:5173/').loaded).toEqual({ url: 'http://localhost:5173/' });
  });

  it('denies every new window and sends https links to the browser only', () => {
    const win = open();
    expect(win.webContents.openHandler({ url: 'https://openrouter.ai/models' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler({ url: 'http://openrouter.ai/' })).toEqual({ action: 'deny' });
    expect(electron.opened).toEqual(['https://openrouter.ai/models']);
  });

  it('keeps the window on our page: navigation away is prevented', () => {
    const win = open();
    expect(navigate(win, 'will-navigate', `${appUrl}#/usage`)).toBe(false);
    expect(navigate(win, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(win, 'will-navigate', 'https://openrouter.ai/docs')).toBe(true);
    expect(navigate(win, 'will-redirect', 'https://evil.example/')).toBe(true);
    // The https link the user clicked still opens, in the browser.
    expect(electron.opened).toEqual(['https://openrouter.ai/docs']);
  });

  it('keeps the window title "RouterDesk" whatever the page sets', () => {
    const win = open();
    let prevented = false;
    win.emit('page-title-updated', { preventDefault: () => (prevented = true) }, 'Something else');
    expect(prevented).toBe(true);
  });
});

describe('hardenSession', () => {
  type HeadersListener = (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    cb: (r: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;

  interface FakeSession {
    requestHandler: null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void);
    checkHandler: null | ((...args: unknown[]) => boolean);
    headers: null | HeadersListener;
  }
  type HeadersResult = { responseHeaders?: Record<string, string[]> };

  function fakeSession() {
    const ses: FakeSession = { requestHandler: null, checkHandler: null, headers: null };
    return Object.assign(ses, {
      setPermissionRequestHandler(fn: FakeSession['requestHandler']) {
        ses.requestHandler = fn;
      },
      setPermissionCheckHandler(fn: FakeSession['checkHandler']) {
        ses.checkHandler = fn;
      },
      webRequest: {
        onHeadersReceived(fn: HeadersListener) {
          ses.headers = fn;
        },
      },
    });
  }

  it('denies every permission request and check', () => {
    const ses = fakeSession();
    hardenSession(ses as never, { rendererFile });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      ses.requestHandler!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(ses.checkHandler!({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('sets the CSP header on our page, replacing any other, and leaves other responses alone', () => {
    const ses = fakeSession();
    hardenSession(ses as never, { rendererFile });
    let result: HeadersResult | undefined;
    ses.headers!(
      { url: appUrl, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r: HeadersResult) => (result = r),
    );
    expect(result?.responseHeaders?.['X-Other']).toEqual(['1']);
    expect(result?.responseHeaders?.['content-security-policy']).toBeUndefined();
    expect(result?.responseHeaders?.['Content-Security-Policy']?.[0]).toMatch(
      /^default-src 'self'; script-src 'self';/,
    );
    expect(result?.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("connect-src 'self';");

    ses.headers!(
      { url: 'https://example.com/', responseHeaders: { 'X-Other': ['1'] } },
      (r: HeadersResult) => (result = r),
    );
    expect(result).toEqual({});
  });
});

describe('application menu', () => {
  const labels = (isMac: boolean) =>
    applicationMenuTemplate({ appName: 'RouterDesk', isMac, openExternal: () => {} }).map((m) => m.label);

  it('has File, Edit, View, Window and Help, plus the App menu on macOS', () => {
    expect(labels(false)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels(true)).toEqual(['RouterDesk', 'File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('Help > OpenRouter documentation opens the docs through the safe opener', () => {
    const openExternal = vi.fn();
    const help = applicationMenuTemplate({ appName: 'RouterDesk', isMac: false, openExternal }).find(
      (m) => m.label === 'Help',
    );
    const item = (help?.submenu as Array<{ label?: string; click?: () => void }>).find(
      (i) => i.label === 'OpenRouter documentation',
    );
    item?.click?.();
    expect(openExternal).toHaveBeenCalledWith(DOCS_URL);
    expect(DOCS_URL).toBe('https://openrouter.ai/docs');
  });
});
