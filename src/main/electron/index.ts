/**
 * The Electron main process (built to out/main/index.js): one instance, one hardened window,
 * the core behind IPC, and a clean shutdown that closes the ledger before the app exits.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { join, resolve } from 'node:path';
import { isAppError } from '@shared/errors';
import { createCore, type Core } from '../core/app';
import type { Logger } from '../core/rpc';
import { openExternalSafely } from './external';
import { registerCallHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { resolveNativeBinding } from './native';
import type { AppPages } from './policy';
import { createMainWindow, hardenSession } from './window';

/** How long quitting waits for the core to close the ledger before giving up on it. */
const SHUTDOWN_LIMIT_MS = 5000;

const log: Logger = (level, message) => {
  const line = `[routerdesk] ${level}: ${message}`;
  if (level === 'error') console.error(line);
  else console.log(line);
};

// Set before anything reads userData: the single-instance lock and Chromium's profile live there
// too, so separate data directories (tests, a second profile) are separate instances.
const dataDirOverride = process.env.ROUTERDESK_DATA_DIR?.trim();
if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));

// out/main/index.js -> the project (or app.asar) root.
const appRoot = resolve(__dirname, '..', '..');
const pages: AppPages = {
  rendererFile: join(__dirname, '..', 'renderer', 'index.html'),
  // Only an unpackaged development run may load the page from the Vite dev server.
  ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}),
};
const preloadPath = join(__dirname, '..', 'preload', 'index.js');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let core: Promise<Core | null> | null = null;
  let quitting: 'no' | 'closing-core' | 'done' = 'no';

  const openWindow = (): void => {
    mainWindow = createMainWindow({ pages, preloadPath, iconPath: join(appRoot, 'resources', 'icon.png'), log });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    if (!core || quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'closing-core') return;
    quitting = 'closing-core';
    closeCore(core).finally(() => {
      quitting = 'done';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, pages);
      installApplicationMenu({
        appName: 'RouterDesk',
        isMac: process.platform === 'darwin',
        openExternal: (url) => openExternalSafely(url, log),
      });
      core = startCore();
      const ready = await core;
      if (!ready) return;
      registerCallHandlers(ready, { pages, log });
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch(fatal);
}

async function startCore(): Promise<Core | null> {
  const nativeBinding = resolveNativeBinding({ appRoot });
  if (!nativeBinding && !app.isPackaged) {
    log(
      'warn',
      'no better-sqlite3 build for this Electron version in .native/; run "node scripts/electron-native.mjs" if the database fails to open',
    );
  }
  try {
    return await createCore({
      dataDir: app.getPath('userData'),
      shell: 'electron',
      appVersion: app.getVersion(),
      ...(nativeBinding ? { nativeBinding } : {}),
      log,
    });
  } catch (e) {
    fatal(e);
    return null;
  }
}

/** Waits for the core to close (in-flight requests marked, database closed), within a limit. */
async function closeCore(core: Promise<Core | null>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((done) => {
    timer = setTimeout(() => {
      log('warn', `the core did not shut down within ${SHUTDOWN_LIMIT_MS} ms; quitting anyway`);
      done();
    }, SHUTDOWN_LIMIT_MS);
  });
  const closing = core
    .then((c) => c?.shutdown())
    .catch((e: unknown) => log('error', `shutdown failed: ${e instanceof Error ? e.message : String(e)}`));
  await Promise.race([closing, limit]);
  clearTimeout(timer);
}

/** A startup failure the user must see (e.g. a database written by a newer RouterDesk). */
function fatal(e: unknown): void {
  const detail = e instanceof Error ? e.message : String(e);
  const message = isAppError(e) ? e.message : startupAdvice(detail);
  log('error', `startup failed: ${detail}`);
  dialog.showErrorBox('RouterDesk could not start', message);
  app.exit(1);
}

function startupAdvice(detail: string): string {
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(detail)) {
    return (
      'The database module was built for Node.js, not for this Electron version. ' +
      'Run "node scripts/electron-native.mjs" (npm start and npm run dev do this), then start RouterDesk again.\n\n' +
      detail
    );
  }
  return `Something went wrong while starting RouterDesk:\n\n${detail}`;
}
