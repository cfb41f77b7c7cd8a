import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildEnv,
  copyWithoutBuild,
  installedElectronVersion,
  nativeAddonPath,
} from '../../../scripts/electron-native.mjs';
import { electronAddonPath, resolveNativeBinding } from './native';

const dirs: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'routerdesk-native-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('resolveNativeBinding', () => {
  it('picks the Electron build when running under Electron and it exists', () => {
    const root = tempRoot();
    const addon = electronAddonPath(root, '45.4.1', 'x64');
    mkdirSync(join(addon, '..'), { recursive: true });
    writeFileSync(addon, '');
    expect(addon).toBe(join(root, '.native', 'electron-v45.4.1-x64', 'better_sqlite3.node'));
    expect(resolveNativeBinding({ appRoot: root, versions: { node: '22.0.0', electron: '45.4.1' }, arch: 'x64' })).toBe(
      addon,
    );
  });

  it('leaves plain Node on its default build, even when an Electron build exists', () => {
    const root = tempRoot();
    const addon = electronAddonPath(root, '45.4.1', 'x64');
    mkdirSync(join(addon, '..'), { recursive: true });
    writeFileSync(addon, '');
    expect(resolveNativeBinding({ appRoot: root, versions: { node: '20.19.0' }, arch: 'x64' })).toBeUndefined();
    // The test process itself is plain Node.
    expect(resolveNativeBinding({ appRoot: root })).toBeUndefined();
  });

  it('returns undefined under Electron when no build exists for that version or arch', () => {
    const root = tempRoot();
    const addon = electronAddonPath(root, '45.4.1', 'x64');
    mkdirSync(join(addon, '..'), { recursive: true });
    writeFileSync(addon, '');
    expect(resolveNativeBinding({ appRoot: root, versions: { electron: '46.0.0' }, arch: 'x64' })).toBeUndefined();
    expect(resolveNativeBinding({ appRoot: root, versions: { electron: '45.4.1' }, arch: 'arm64' })).toBeUndefined();
  });
});

describe('scripts/electron-native.mjs', () => {
  it('writes the addon exactly where the main process looks for it', () => {
    for (const [version, arch] of [
      ['45.4.1', 'x64'],
      ['38.0.0', 'arm64'],
    ] as const) {
      expect(nativeAddonPath('/repo', version, arch)).toBe(electronAddonPath('/repo', version, arch));
    }
  });

  it('reads the installed Electron version, or null when Electron is absent', () => {
    const root = tempRoot();
    expect(installedElectronVersion(root)).toBeNull();
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: '45.4.1' }));
    expect(installedElectronVersion(root)).toBe('45.4.1');
  });

  it("never copies better-sqlite3's own build folder (Node's ABI build) into the work copy", () => {
    const keep = copyWithoutBuild('/repo/node_modules/better-sqlite3');
    expect(keep('/repo/node_modules/better-sqlite3')).toBe(true);
    expect(keep('/repo/node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(true);
    expect(keep('/repo/node_modules/better-sqlite3/builder.js')).toBe(true);
    expect(keep('/repo/node_modules/better-sqlite3/build')).toBe(false);
    expect(keep('/repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
  });

  it("keeps npm's nodedir and target settings away from the Electron build", () => {
    const env = buildEnv({
      PATH: '/usr/bin',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_TARGET: '20.0.0',
      npm_config_runtime: 'node',
      npm_config_cache: '/c',
    });
    expect(env).toEqual({ PATH: '/usr/bin', npm_config_cache: '/c' });
  });
});
