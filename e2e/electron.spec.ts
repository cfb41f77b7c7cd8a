/**
 * The Electron shell itself: the built app (out/main/index.js) launched in a real Electron with
 * a fresh data directory and a fake OpenRouter. Runs only where an Electron binary exists
 * (ELECTRON_BIN, or the one the electron package downloaded); everywhere else it is skipped here,
 * and the web host specs cover the UI.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeOpenRouter, type FakeOpenRouter } from '../src/fake-openrouter/server';

const ROOT = resolve(__dirname, '..');
const MAIN_BUNDLE = join(ROOT, 'out', 'main', 'index.js');

/**
 * The Electron executable, without ever triggering a download: require('electron') would try to
 * fetch a missing binary, so its path.txt and dist/ are read directly instead.
 */
function findElectron(): { path: string } | { missing: string } {
  const fromEnv = process.env.ELECTRON_BIN?.trim();
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`ELECTRON_BIN=${fromEnv} does not exist. Point it at an Electron executable, or unset it.`);
    return { path: fromEnv };
  }
  const pkg = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'no Electron binary on this machine (node_modules/electron has no downloaded build); set ELECTRON_BIN=/path/to/electron to run it',
    };
  }
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) {
    return {
      missing: `no Electron binary on this machine (${executable} is missing); set ELECTRON_BIN=/path/to/electron to run it`,
    };
  }
  return { path: executable };
}

/** Chromium switches this machine needs: no display server, or running as root (CI containers). */
function chromiumSwitches(): string[] {
  const switches: string[] = [];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    switches.push('--ozone-platform=headless');
  if (process.getuid?.() === 0) switches.push('--no-sandbox');
  return switches;
}

test.describe('Electron shell', () => {
  const found = findElectron();
  test.skip('missing' in found, 'missing' in found ? found.missing : ''); // needs ELECTRON_BIN or a downloaded Electron

  let fake: FakeOpenRouter;
  let app: ElectronApplication;
  let dataDir: string;
  const logs: string[] = [];

  test.beforeAll(async () => {
    if (!('path' in found)) return;
    if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run "npm run build" first.`);
    fake = await startFakeOpenRouter({ generationDelayMs: 200 });
  });

  test.afterAll(async () => {
    await fake?.close();
  });

  test.beforeEach(async ({}, testInfo) => {
    if (!('path' in found)) return;
    dataDir = mkdtempSync(join(tmpdir(), 'routerdesk-electron-e2e-'));
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
    delete env.OPENROUTER_API_KEY;
    delete env.ELECTRON_RENDERER_URL;
    delete env.ELECTRON_RUN_AS_NODE;
    Object.assign(env, {
      ROUTERDESK_DATA_DIR: dataDir,
      OPENROUTER_BASE_URL: fake.baseUrl,
      ROUTERDESK_KEYCHAIN_SERVICE: `routerdesk-electron-e2e-${testInfo.workerIndex}-${Date.now()}`,
    });
    app = await electron.launch({
      executablePath: found.path,
      args: [...chromiumSwitches(), ROOT],
      env,
      timeout: 30_000,
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      logs.push(text);
      if (process.env.RD_E2E_VERBOSE) process.stdout.write(`[electron] ${text}`);
    };
    app.process().stdout?.on('data', keep);
    app.process().stderr?.on('data', keep);
  });

  test.afterEach(async ({}, testInfo) => {
    if (!('path' in found)) return;
    await app?.close();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('electron log', { body: logs.join(''), contentType: 'text/plain' });
    }
    logs.length = 0;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens the RouterDesk window with its navigation', async () => {
    const page = await app.firstWindow();
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toBe('RouterDesk');

    const nav = page.getByRole('navigation');
    for (const name of ['Catalog', 'Playground', 'Usage', 'Settings']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    // The data directory came from ROUTERDESK_DATA_DIR.
    await expect.poll(() => existsSync(join(dataDir, 'routerdesk.db'))).toBe(true);
  });

  test('the page gets window.routerdesk and no Node', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      const bridge = w.routerdesk as Record<string, unknown> | undefined;
      return {
        bridge: typeof bridge,
        members: bridge ? Object.keys(bridge).sort() : [],
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
      };
    });
    expect(globals).toEqual({
      bridge: 'object',
      members: ['invoke', 'subscribe'],
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
    });

    const answers = await page.evaluate(async () => {
      const bridge = (
        globalThis as unknown as { routerdesk: { invoke(name: string, input: unknown): Promise<unknown> } }
      ).routerdesk;
      return { info: await bridge.invoke('app.info', {}), unknown: await bridge.invoke('fs.readFile', {}) };
    });
    expect(answers.info).toMatchObject({
      ok: true,
      value: { name: 'RouterDesk', shell: 'electron', baseUrl: fake.baseUrl, dataDir: resolve(dataDir) },
    });
    expect(answers.unknown).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});
