/**
 * Fixtures for the UI flows: a fake OpenRouter per worker, and per test a real web host process
 * (`node out/main/web.js`, exactly what `npm run web` runs) with a fresh data directory and its
 * own keychain service name, so tests never share a key or a ledger.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fakeKey, startFakeOpenRouter, type FakeOpenRouter } from '../src/fake-openrouter/server';

export interface WebApp {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  logs: string[];
  stop(): Promise<number | null>;
}

export interface LaunchOptions {
  baseUrl?: string;
  env?: Record<string, string>;
  dataDir?: string;
}

const ROOT = resolve(__dirname, '..');

export async function launchWebApp(testId: string, opts: LaunchOptions = {}): Promise<WebApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'routerdesk-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ROUTERDESK_KEYCHAIN_SERVICE: `routerdesk-e2e-${testId}`,
    ...(opts.baseUrl ? { OPENROUTER_BASE_URL: opts.baseUrl } : {}),
    ...opts.env,
  };
  delete env.OPENROUTER_API_KEY;
  if (opts.env?.OPENROUTER_API_KEY) env.OPENROUTER_API_KEY = opts.env.OPENROUTER_API_KEY;
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web.js'), '--port', '0', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not print its URL:\n${logs.join('')}`)), 15_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logs.push(text);
      if (process.env.RD_E2E_VERBOSE) process.stdout.write(`[app ${testId}] ${text}`);
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?tkn=[\w-]+)/.exec(logs.join(''));
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${logs.join('')}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    logs,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolveStop(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ app: WebApp }, { fake: FakeOpenRouter }>({
  fake: [
    async ({}, use) => {
      const fake = await startFakeOpenRouter({ generationDelayMs: 200 });
      await use(fake);
      await fake.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ fake }, use, testInfo) => {
    const id = `${testInfo.workerIndex}-${testInfo.testId}-${Date.now()}`;
    const app = await launchWebApp(id, { baseUrl: fake.baseUrl });
    await use(app);
    const code = await app.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('web host log', { body: app.logs.join(''), contentType: 'text/plain' });
    }
    expect(code, `web host should exit cleanly on SIGTERM; log:\n${app.logs.join('')}`).toBe(0);
    rmSync(app.dataDir, { recursive: true, force: true });
  },
});

export { expect, fakeKey };

/** Opens the app and saves a valid key through Settings, as a user would. */
export async function openWithKey(page: Page, app: WebApp, key = fakeKey('valid', 1)): Promise<string> {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('OpenRouter API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(`ending in ${key.slice(-4)}`).first()).toBeVisible();
  return key;
}
