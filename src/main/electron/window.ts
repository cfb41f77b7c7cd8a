/**
 * The main window and its session, locked down: sandboxed renderer, no navigation away from our
 * page, no new windows, no permissions, a strict CSP. The decisions live in policy.ts.
 */
import { BrowserWindow, type Session } from 'electron';
import type { Logger } from '../core/rpc';
import { openExternalSafely } from './external';
import {
  contentSecurityPolicy,
  isNavigationAllowed,
  needsContentSecurityPolicy,
  secureWebPreferences,
  type AppPages,
} from './policy';

export const WINDOW_TITLE = 'RouterDesk';

/** Session-wide rules; call once, before the first window loads. */
export function hardenSession(ses: Session, pages: AppPages): void {
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  const csp = contentSecurityPolicy(pages.devServerUrl);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!needsContentSecurityPolicy(details.url, pages)) return callback({});
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

export interface MainWindowOptions {
  pages: AppPages;
  /** Absolute path of out/preload/index.js. */
  preloadPath: string;
  /** The window icon (Linux and Windows show it; macOS uses the app bundle's). */
  iconPath?: string;
  log: Logger;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { pages, log } = opts;
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: secureWebPreferences(opts.preloadPath),
  });
  const contents = window.webContents;

  // The title stays "RouterDesk" whatever the page calls itself.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, log);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isNavigationAllowed(event.url, pages)) return;
    event.preventDefault();
    // A plain link to a web page still does what the user expects: it opens in the browser.
    openExternalSafely(event.url, log);
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url, pages)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', (_event, details) => {
    log('error', `the window's renderer stopped (${details.reason}, exit code ${details.exitCode})`);
  });

  const loaded = pages.devServerUrl ? window.loadURL(pages.devServerUrl) : window.loadFile(pages.rendererFile);
  loaded.catch((e: unknown) =>
    log('error', `could not load the RouterDesk page: ${e instanceof Error ? e.message : String(e)}`),
  );
  return window;
}
