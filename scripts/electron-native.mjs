#!/usr/bin/env node
/**
 * Builds better-sqlite3 for the installed Electron (run by `npm start` and `npm run dev`).
 *
 * node_modules/better-sqlite3/build stays Node's build: vitest and the web host load it. The
 * Electron build goes to .native/electron-v<version>-<arch>/better_sqlite3.node, which the
 * Electron main process passes to better-sqlite3 as `nativeBinding`. The work happens in a
 * temporary copy of the package, so the Node build is never touched.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NATIVE_DIR = '.native';
export const ADDON_FILE = 'better_sqlite3.node';

/** <root>/.native/electron-v<version>-<arch>/better_sqlite3.node (same formula as src/main/electron/native.ts). */
export function nativeAddonPath(root, electronVersion, arch) {
  return path.join(root, NATIVE_DIR, `electron-v${electronVersion}-${arch}`, ADDON_FILE);
}

/** The installed Electron's version, from node_modules/electron/package.json; null when absent. */
export function installedElectronVersion(root) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** Copy filter: everything but the package's own build/ folder (Node's ABI build). */
export function copyWithoutBuild(sourceDir) {
  const skip = path.join(sourceDir, 'build');
  return (src) => src !== skip && !src.startsWith(skip + path.sep);
}

/**
 * The environment for the build tools, without npm settings that would point them at Node's
 * headers (a `nodedir` in .npmrc silently yields a Node build under Electron's name).
 */
export function buildEnv(env) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch)$/i.test(name)) clean[name] = value;
  }
  return clean;
}

function run(command, args, cwd) {
  console.log(`electron-native: ${[path.basename(command), ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: buildEnv(process.env) });
  return result.status === 0;
}

/** npm's own node-gyp (npm sets npm_config_node_gyp for scripts), else one installed here. */
function findNodeGyp(root) {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  try {
    candidates.push(createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  return candidates.find((c) => c && fs.existsSync(c)) ?? null;
}

function buildForElectron(root, version, arch) {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'routerdesk-sqlite-'));
  const copy = path.join(work, 'better-sqlite3');
  try {
    fs.cpSync(source, copy, { recursive: true, filter: copyWithoutBuild(source) });
    const built = path.join(copy, 'build', 'Release', ADDON_FILE);

    const prebuildInstall = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
    if (fs.existsSync(prebuildInstall)) {
      run(process.execPath, [prebuildInstall, '--runtime', 'electron', '--target', version, '--arch', arch], copy);
    }
    if (!fs.existsSync(built)) {
      const nodeGyp = findNodeGyp(root);
      if (!nodeGyp) throw new Error('no prebuilt addon could be downloaded and node-gyp was not found to build one');
      const ok = run(
        process.execPath,
        [
          nodeGyp,
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          `--arch=${arch}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        copy,
      );
      if (!ok || !fs.existsSync(built)) throw new Error('node-gyp could not build better-sqlite3 for Electron');
    }
    const target = nativeAddonPath(root, version, arch);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, target);
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const version = installedElectronVersion(root);
  if (!version) {
    console.error(
      'electron-native: Electron is not installed (node_modules/electron/package.json is missing). Run "npm install" first.',
    );
    process.exit(1);
  }
  const arch = process.arch;
  const target = nativeAddonPath(root, version, arch);
  if (fs.existsSync(target)) {
    console.log(`electron-native: better-sqlite3 for Electron ${version} (${arch}) is ready.`);
    return;
  }
  console.log(`electron-native: building better-sqlite3 for Electron ${version} (${arch})…`);
  try {
    const written = buildForElectron(root, version, arch);
    console.log(`electron-native: wrote ${path.relative(root, written)}`);
  } catch (e) {
    console.error(`electron-native: ${e instanceof Error ? e.message : String(e)}.`);
    console.error(
      'To fix it: make sure this machine can reach the better-sqlite3 prebuilt downloads or the Electron headers,\n' +
        'or install a C/C++ toolchain and Python for node-gyp (Debian: apt-get install build-essential python3),\n' +
        'then run "node scripts/electron-native.mjs" again. The web version (npm run web) does not need this step.',
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
