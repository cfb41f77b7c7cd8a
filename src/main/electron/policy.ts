/**
 * The Electron shell's security decisions as plain functions (no electron import), so each one is
 * unit-tested: which pages are ours, where navigation and external links may go, which IPC
 * senders are trusted, the Content-Security-Policy, and the window's webPreferences.
 */
import { pathToFileURL } from 'node:url';
export { contentSecurityPolicy } from '../core/csp';

/** Where the renderer comes from: the built index.html, or the Vite dev server in development. */
export interface AppPages {
  /** Absolute path of out/renderer/index.html. */
  rendererFile: string;
  /** electron-vite's ELECTRON_RENDERER_URL; only set for unpackaged development runs. */
  devServerUrl?: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for RouterDesk's own page. Every file:// URL shares the opaque origin "null", so for the
 * built app the exact file is compared, not the origin: otherwise any local file would count.
 */
export function isAppPage(url: string, pages: AppPages, platform: NodeJS.Platform = process.platform): boolean {
  const target = parse(url);
  if (!target) return false;
  if (pages.devServerUrl) {
    const dev = parse(pages.devServerUrl);
    return dev !== null && target.origin === dev.origin;
  }
  if (target.protocol !== 'file:' || target.host !== '') return false;
  const own = pathToFileURL(pages.rendererFile).pathname;
  // Windows paths are case-insensitive, and Chromium may change a drive letter's case.
  return platform === 'win32' ? target.pathname.toLowerCase() === own.toLowerCase() : target.pathname === own;
}

/** The window may only ever show our own page; anything else is refused. */
export function isNavigationAllowed(url: string, pages: AppPages): boolean {
  return isAppPage(url, pages);
}

/**
 * The URL to hand to the OS browser, or null when it must not be opened: only https, and no
 * user:password@ part that could disguise where a link goes.
 */
export function externalUrl(url: string): string | null {
  const target = parse(url);
  if (!target || target.protocol !== 'https:') return null;
  if (target.username || target.password || !target.hostname) return null;
  return target.href;
}

/** What ipc.ts knows about the frame that sent an IPC message. */
export interface SenderFrame {
  url: string;
  /** null for a top-level frame; an iframe has its parent here. */
  parent: unknown;
}

/** Only our own page, in the window's top-level frame, may call the core. */
export function isTrustedSender(frame: SenderFrame | null | undefined, pages: AppPages): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppPage(frame.url, pages);
}

/** Whether a response gets the CSP header: documents and resources of our own pages. */
export function needsContentSecurityPolicy(url: string, pages: AppPages): boolean {
  return isAppPage(url, pages);
}

/**
 * The window's webPreferences: a sandboxed renderer with no Node, isolated from the preload,
 * with web security on. Shaped like Electron's WebPreferences without importing it.
 */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}
