/**
 * Where no Electron binary exists, the built bundles are still checked: the main process bundle
 * loads and starts up with only the `electron` module stubbed (so every other import it needs
 * resolves), and the sandboxed preload is one file that requires nothing but electron.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(__dirname, '..');

const LOADER = `
const Module = require('module');
const seen = [];
const anything = new Proxy(function () {}, {
  get: (_t, p) => (p === 'then' ? undefined : anything),
  apply: () => anything,
  construct: () => anything,
});
const app = {
  setPath: (name) => seen.push('setPath:' + name),
  requestSingleInstanceLock: () => { seen.push('lock'); return true; },
  on: (event) => seen.push('on:' + event),
  whenReady: () => new Promise(() => {}),
  isPackaged: false,
  getPath: () => process.cwd(),
  getVersion: () => '0.0.0',
  quit: () => seen.push('quit'),
};
const electron = { app, BrowserWindow: anything, dialog: anything, session: anything, ipcMain: anything, shell: anything, Menu: anything };
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
require(process.argv[1]);
setTimeout(() => { process.stdout.write(JSON.stringify(seen)); process.exit(0); }, 100);
`;

test('the built Electron main bundle loads and starts up with only electron stubbed', () => {
  const result = spawnSync(process.execPath, ['-e', LOADER, join(ROOT, 'out/main/index.js')], {
    env: { ...process.env, ROUTERDESK_DATA_DIR: join(ROOT, 'test-results', 'bundle-data') },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.stderr).not.toMatch(/Cannot find module|SyntaxError|ReferenceError/);
  expect(result.status).toBe(0);
  const seen = JSON.parse(result.stdout) as string[];
  expect(seen).toContain('setPath:userData');
  expect(seen).toContain('lock');
  expect(seen).toEqual(expect.arrayContaining(['on:second-instance', 'on:before-quit', 'on:window-all-closed']));
});

test('the sandboxed preload is a single CommonJS file that requires only electron', () => {
  const preload = readFileSync(join(ROOT, 'out/preload/index.js'), 'utf8');
  const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  expect(required).toEqual(['electron']);
  expect(preload).not.toMatch(/^\s*import\s/m);
  expect(preload).toContain('routerdesk');
});
