import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { expect, test } from './fixtures';

/** Raw HTTP GET, so the Host header can be set to anything (fetch forbids that). */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOutcome(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
    ws.on('error', (e) => resolve(`error ${e.message}`));
  });
}

test('the web host refuses every request that lacks the per-launch token', async ({ app }) => {
  const withoutToken = await rawGet(`${app.origin}/`);
  expect(withoutToken.status).toBe(401);
  expect(withoutToken.body).toContain('npm run web');

  const wrongToken = await rawGet(`${app.origin}/?tkn=not-the-token`);
  expect(wrongToken.status).toBe(401);

  const asset = await rawGet(`${app.origin}/index.html`);
  expect(asset.status).toBe(401);
});

test('the token URL sets an HttpOnly SameSite=Strict cookie and redirects to the clean URL', async ({ app }) => {
  const res = await rawGet(app.url);
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/');
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);

  const cookieHeader = cookie.split(';')[0]!;
  const page = await rawGet(`${app.origin}/`, { Cookie: cookieHeader });
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
  expect(page.body).toContain('<div id="root">');
});

test('a foreign Host header is refused even with the token (DNS rebinding)', async ({ app }) => {
  const res = await rawGet(app.url, { Host: `evil.example:${new URL(app.origin).port}` });
  expect(res.status).toBe(421);
});

test('the WebSocket needs the cookie and the app origin', async ({ app }) => {
  const wsUrl = `${app.origin.replace('http', 'ws')}/ws`;
  const login = await rawGet(app.url);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;

  expect(await wsOutcome(wsUrl, { Origin: app.origin })).toBe('http 401');
  expect(await wsOutcome(wsUrl, { Origin: 'http://evil.example', Cookie: cookie })).toBe('http 403');
  expect(await wsOutcome(wsUrl, { Cookie: cookie })).toBe('http 403');
  expect(await wsOutcome(wsUrl, { Origin: app.origin, Cookie: cookie })).toBe('open');
});

test('a WebSocket message that fails its schema gets a clear error, and the socket keeps working', async ({ app }) => {
  const login = await rawGet(app.url);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws`, {
    headers: { Origin: app.origin, Cookie: cookie },
  });
  await new Promise((r) => ws.once('open', r));
  const replies: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
  const waitFor = async (n: number) => expect.poll(() => replies.length).toBeGreaterThanOrEqual(n);

  ws.send('not json');
  await waitFor(1);
  expect(replies[0]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

  ws.send(JSON.stringify({ id: 2, call: 'catalog.list', input: { refresh: 'yes' } }));
  await waitFor(2);
  expect(replies[1]).toMatchObject({ id: 2, ok: false, error: { code: 'invalid_input' } });
  expect(String((replies[1]!.error as { message: string }).message)).toContain('refresh');

  ws.send(JSON.stringify({ id: 3, call: 'key.read', input: {} }));
  await waitFor(3);
  expect(replies[2]).toMatchObject({ id: 3, ok: false, error: { code: 'unknown_call' } });

  ws.send(JSON.stringify({ id: 4, call: 'key.status', input: {} }));
  await waitFor(4);
  expect(replies[3]).toMatchObject({ id: 4, ok: true, value: { set: false } });
  ws.close();
});

test('SIGTERM during a stream shuts down cleanly and marks the request interrupted', async ({ app }) => {
  const { fakeKey } = await import('./fixtures');
  const Database = (await import('better-sqlite3')).default;
  const { join } = await import('node:path');
  const login = await rawGet(app.url);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws`, {
    headers: { Origin: app.origin, Cookie: cookie },
  });
  await new Promise((r) => ws.once('open', r));
  const frames: Array<Record<string, any>> = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const send = async (id: number, call: string, input: unknown) => {
    ws.send(JSON.stringify({ id, call, input }));
    await expect.poll(() => frames.find((f) => f.id === id)).toBeTruthy();
    return frames.find((f) => f.id === id)!;
  };
  expect(await send(1, 'key.set', { key: fakeKey('valid', 3) })).toMatchObject({ ok: true });
  const requestId = crypto.randomUUID();
  const started = await send(2, 'chat.start', {
    requestId,
    model: 'anthropic/claude-sonnet-4.5',
    messages: [{ role: 'user', content: 'long [[fake:tokens=3000]] [[fake:rate=30]]' }],
  });
  expect(started).toMatchObject({ ok: true });
  await expect.poll(() => frames.some((f) => f.event === 'chat.delta')).toBe(true);

  expect(await app.stop()).toBe(0);
  const db = new Database(join(app.dataDir, 'routerdesk.db'), { readonly: true });
  const row = db.prepare('SELECT status, error_code FROM requests WHERE request_id = ?').get(requestId);
  db.close();
  expect(row).toEqual({ status: 'interrupted', error_code: 'interrupted' });
});

test('a database written by a newer RouterDesk is refused with a clear message and left untouched', async ({}, testInfo) => {
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const Database = (await import('better-sqlite3')).default;
  const { launchWebApp } = await import('./fixtures');
  const dataDir = mkdtempSync(join(tmpdir(), 'routerdesk-newer-'));
  const file = join(dataDir, 'routerdesk.db');
  const db = new Database(file);
  db.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1);');
  db.pragma('user_version = 999');
  db.close();
  const before = readFileSync(file);

  const launch = launchWebApp(`newer-${testInfo.workerIndex}`, { dataDir, baseUrl: 'http://127.0.0.1:9/api/v1' });
  await expect(launch).rejects.toThrow(/newer version of RouterDesk/i);
  expect(readFileSync(file).equals(before)).toBe(true);
  rmSync(dataDir, { recursive: true, force: true });
});
