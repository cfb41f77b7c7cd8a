/**
 * better-sqlite3 is a native addon: node_modules/better-sqlite3/build holds the build for Node's
 * ABI (tests and the web host use it), and scripts/electron-native.mjs puts a second build for
 * Electron's ABI under .native/. This picks the one the running process can load.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_DIR = '.native';
export const ADDON_FILE = 'better_sqlite3.node';

/** <appRoot>/.native/electron-v<version>-<arch>/better_sqlite3.node (same formula as the build script). */
export function electronAddonPath(appRoot: string, electronVersion: string, arch: string): string {
  return join(appRoot, NATIVE_DIR, `electron-v${electronVersion}-${arch}`, ADDON_FILE);
}

export interface ResolveNativeOptions {
  appRoot: string;
  versions?: Partial<Record<string, string>>;
  arch?: string;
  exists?: (path: string) => boolean;
}

/**
 * The Electron build when running under Electron and it has been built; otherwise undefined,
 * which lets better-sqlite3 load its default (Node) build. A packaged app has its addon rebuilt
 * in place by the packager, so no .native folder is expected there.
 */
export function resolveNativeBinding(opts: ResolveNativeOptions): string | undefined {
  const versions = opts.versions ?? process.versions;
  const electron = versions.electron;
  if (!electron) return undefined;
  const path = electronAddonPath(opts.appRoot, electron, opts.arch ?? process.arch);
  return (opts.exists ?? existsSync)(path) ? path : undefined;
}
