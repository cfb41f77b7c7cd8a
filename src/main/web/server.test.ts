/**
 * The web host over real loopback sockets: the access token and its cookie, the Host and Origin
 * checks, static files (never outside the renderer folder), and the WebSocket transport, with a
 * stub core whose dispatch echoes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { CallResult } from '@shared/contract';
import { Broadcaster } from '../core/broadcaster';
import type { CallContext } from '../core/rpc';
import { CONTENT_SECURITY_POLICY, startWebHost, tokenCookieName, type WebHost } from './server';

const INDEX_HTML = '<!doctype html><div id="root"></div>';
const APP_JS = 'console.log("routerdesk");';
const SECRET = 'PACKAGE-JSON-MUST-NOT-LEAK';

let site: string;
let rendererDir: string;
let socketFile: NetServer;

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'rd-web-'));
  rendererDir = join(site, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS);
  // What a traversal would reach: the folder above the renderer.
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: SECRET }));
  // A path that stats fine but cannot be opened as a file (open fails with ENXIO).
  socketFile = createNetServer();
  await new Promise<void>((done) => socketFile.listen(join(rendererDir, 'live.js'), done));
});

afterAll(async () => {
  await new Promise<void>((done) => socketFile.close(() => done()));
  rmSync(site, { recursive: true, force: true });
});

/** Calls the stub core saw, and close callbacks it registered. */
const seen = { closed: vi.fn(), unsubscribed: vi.fn() };

/** Broadcasts the tests publish, as the core's conversation handlers do. */
const hub = new Broadcaster();

const stubCore = {
  subscribe: hub.subscribe.bind(hub),
  async dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<CallResult<unknown>> {
    if (name === 'test.watch') ctx.onClose(seen.closed);
    if (name === 'test.watchThenStop') ctx.onClose(seen.unsubscribed)();
    if (name === 'test.explode') throw new Error('dispatch blew up');
    return { ok: true, value: { call: name, input } };
  },
};

const hosts: WebHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  seen.closed.mockClear();
  seen.unsubscribed.mockClear();
});

async function start(extra: Partial<Parameters<typeof startWebHost>[0]> = {}): Promise<WebHost> {
  const host = await startWebHost({ core: stubCore, rendererDir, host: '127.0.0.1', port: 0, ...extra });
  hosts.push(host);
  return host;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the host on 127.0.0.1, with any Host header and path. */
function get(
  host: WebHost,
  path: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: opts.headers, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Bytes straight onto the socket, for request lines a well-behaved client would not send. */
function rawRequest(host: WebHost, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (c) => (reply += c.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

async function login(host: WebHost): Promise<string> {
  const res = await get(host, `/?tkn=${host.token}`);
  expect(res.status).toBe(302);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

function originOf(host: WebHost): string {
  return `http://127.0.0.1:${host.port}`;
}

/** Opens the socket; resolves 'open' or the HTTP status it was refused with. */
function openSocket(host: WebHost, headers: Record<string, string>): Promise<{ outcome: string; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers, handshakeTimeout: 5000 });
    ws.on('open', () => resolve({ outcome: 'open', ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ outcome: `http ${res.statusCode}`, ws });
      res.resume();
    });
    ws.on('error', (e) => resolve({ outcome: `error ${e.message}`, ws }));
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()));
    });
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return resolve(-1);
    const timer = setTimeout(() => reject(new Error('socket did not close within 5 s')), 5000);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}

async function goodSocket(host: WebHost): Promise<WebSocket> {
  const cookie = await login(host);
  const { outcome, ws } = await openSocket(host, { Origin: originOf(host), Cookie: cookie });
  expect(outcome).toBe('open');
  return ws;
}

describe('access token', () => {
  it('refuses a request without the token, or with a wrong one', async () => {
    const host = await start();
    const none = await get(host, '/');
    expect(none.status).toBe(401);
    expect(none.body).toContain('npm run web');
    expect((await get(host, '/assets/app.js')).status).toBe(401);
    expect((await get(host, '/?tkn=not-the-token')).status).toBe(401);
    const wrongCookie = await get(host, '/', { headers: { Cookie: `${tokenCookieName(host.port)}=nope` } });
    expect(wrongCookie.status).toBe(401);
  });

  it('trades the token for a per-port HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const host = await start();
    const res = await get(host, `/deep/route?tkn=${host.token}&keep=1`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/deep/route?keep=1');
    expect(res.headers.location).not.toContain(host.token);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie.startsWith(`rd_tkn_${host.port}=`)).toBe(true);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
  });

  it('serves the app with the cookie: CSP, nosniff and no-store on HTML', async () => {
    const host = await start();
    const page = await get(host, '/', { headers: { Cookie: await login(host) } });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('answers a malformed cookie with 401 and keeps serving', async () => {
    const host = await start();
    const cookie = await login(host);
    const bad = await get(host, '/', { headers: { Cookie: `${tokenCookieName(host.port)}=%E0%A4%A` } });
    expect(bad.status).toBe(401);
    const socket = await openSocket(host, {
      Origin: originOf(host),
      Cookie: `${tokenCookieName(host.port)}=%E0%A4%A`,
    });
    expect(socket.outcome).toBe('http 401');
    expect((await get(host, '/', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it("accepts its cookie next to a planted one of the same name, but not another port's cookie", async () => {
    const host = await start();
    const other = await start();
    const cookie = await login(host);
    const value = cookie.split('=')[1]!;
    const planted = `${tokenCookieName(host.port)}=planted; ${cookie}`;
    expect((await get(host, '/', { headers: { Cookie: planted } })).status).toBe(200);
    // Two hosts on one machine: neither's cookie opens the other.
    expect(tokenCookieName(other.port)).not.toBe(tokenCookieName(host.port));
    expect((await get(other, '/', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await get(host, '/', { headers: { Cookie: `rd_tkn=${value}` } })).status).toBe(401);
  });
});

describe('Host header', () => {
  it('refuses a foreign or misspelled Host even with the token (DNS rebinding)', async () => {
    const host = await start();
    for (const name of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, 'localhost']) {
      const res = await get(host, `/?tkn=${host.token}`, { headers: { Host: name } });
      expect(res.status, name).toBe(421);
    }
  });

  it('accepts the loopback names, and only the bind address of the interfaces it was given', async () => {
    const host = await start({
      networkInterfaces: () => ({
        eth0: [{ address: '192.0.2.10', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }],
      }),
    });
    const cookie = await login(host);
    for (const name of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `[::1]:${host.port}`]) {
      expect((await get(host, '/', { headers: { Host: name, Cookie: cookie } })).status, name).toBe(200);
    }
    // Bound to 127.0.0.1, a LAN address is not one of ours.
    const lan = await get(host, '/', { headers: { Host: `192.0.2.10:${host.port}`, Cookie: cookie } });
    expect(lan.status).toBe(421);
    expect(host.networkUrls).toEqual([]);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?tkn=${host.token}`);
  });
});

describe('static files', () => {
  it('serves assets with their type, and falls back to index.html for unknown routes', async () => {
    const host = await start();
    const cookie = await login(host);
    const js = await get(host, '/assets/app.js', { headers: { Cookie: cookie } });
    expect(js.status).toBe(200);
    expect(js.body).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const route = await get(host, '/settings/keys', { headers: { Cookie: cookie } });
    expect(route.status).toBe(200);
    expect(route.body).toBe(INDEX_HTML);
    expect((await get(host, '/missing.js', { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/%5c..%5cpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
  ])('never serves a file outside the renderer folder: %s', async (path) => {
    const host = await start();
    const res = await get(host, path, { headers: { Cookie: await login(host) } });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it('answers HEAD with the headers only, and refuses other methods', async () => {
    const host = await start();
    const cookie = await login(host);
    const head = await get(host, '/assets/app.js', { method: 'HEAD', headers: { Cookie: cookie } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
    expect(head.body).toBe('');
    const post = await get(host, '/', { method: 'POST', headers: { Cookie: cookie } });
    expect(post.status).toBe(405);
  });

  it('survives a path that exists but cannot be opened, and keeps serving', async () => {
    const host = await start();
    const cookie = await login(host);
    const res = await get(host, '/live.js', { headers: { Cookie: cookie } });
    expect(res.status).toBe(404);
    expect((await get(host, '/assets/app.js', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('answers odd request targets without falling over, and keeps serving', async () => {
    const host = await start();
    const line = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`;
    // "//[" is not a URL relative to any base: it must not reach the URL parser as one.
    expect(await rawRequest(host, line('//['))).toMatch(/^HTTP\/1\.1 401/);
    expect(await rawRequest(host, line(`http://evil.example/?tkn=${host.token}`))).toMatch(/^HTTP\/1\.1 400/);
    expect((await get(host, '/')).status).toBe(401);
  });
});

describe('WebSocket', () => {
  it('needs the cookie and one of its own origins', async () => {
    const host = await start();
    const cookie = await login(host);
    expect((await openSocket(host, { Origin: originOf(host) })).outcome).toBe('http 401');
    expect((await openSocket(host, { Origin: 'http://evil.example', Cookie: cookie })).outcome).toBe('http 403');
    expect((await openSocket(host, { Origin: `http://127.0.0.1:${host.port + 1}`, Cookie: cookie })).outcome).toBe(
      'http 403',
    );
    expect((await openSocket(host, { Cookie: cookie })).outcome).toBe('http 403');
    const ok = await openSocket(host, { Origin: `http://localhost:${host.port}`, Cookie: cookie });
    expect(ok.outcome).toBe('open');
    ok.ws.close();
  });

  it('round-trips a call through the core, and answers a malformed frame without closing', async () => {
    const host = await start();
    const ws = await goodSocket(host);
    ws.send(JSON.stringify({ id: 1, call: 'app.info', input: { a: 1 } }));
    expect(await nextMessage(ws)).toEqual({ id: 1, ok: true, value: { call: 'app.info', input: { a: 1 } } });

    for (const bad of ['not json', JSON.stringify({ id: 'x', call: 1 })]) {
      ws.send(bad);
      expect(await nextMessage(ws)).toMatchObject({ id: -1, ok: false, error: { code: 'invalid_input' } });
    }
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await nextMessage(ws)).toMatchObject({ id: -1, ok: false, error: { code: 'invalid_input' } });

    ws.send(JSON.stringify({ id: 2, call: 'app.info', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 2, ok: true });
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('turns a core that throws into an internal error for that call only', async () => {
    const log = vi.fn();
    const host = await start({ log });
    const ws = await goodSocket(host);
    ws.send(JSON.stringify({ id: 7, call: 'test.explode', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, ok: false, error: { code: 'internal' } });
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('dispatch blew up'));
    ws.send(JSON.stringify({ id: 8, call: 'app.info', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, ok: true });
    ws.close();
  });

  it('survives a text frame that is not UTF-8 (that socket closes, the host stays up)', async () => {
    const host = await start();
    const ws = await goodSocket(host);
    ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect(await closed(ws)).toBe(1007);
    const again = await goodSocket(host);
    again.send(JSON.stringify({ id: 3, call: 'app.info', input: {} }));
    expect(await nextMessage(again)).toMatchObject({ id: 3, ok: true });
    again.close();
  });

  it("runs a call's close callbacks when its socket closes, except the ones it removed", async () => {
    const host = await start();
    const ws = await goodSocket(host);
    ws.send(JSON.stringify({ id: 1, call: 'test.watch', input: {} }));
    await nextMessage(ws);
    ws.send(JSON.stringify({ id: 2, call: 'test.watchThenStop', input: {} }));
    await nextMessage(ws);
    expect(seen.closed).not.toHaveBeenCalled();
    ws.close();
    await until(() => seen.closed.mock.calls.length === 1);
    expect(seen.unsubscribed).not.toHaveBeenCalled();
  });

  it('forwards broadcasts to every open socket, and stops for a socket once it closes', async () => {
    const host = await start();
    const first = await goodSocket(host);
    const second = await goodSocket(host);
    await until(() => hub.size === 2);
    const payload = { conversationId: 7, summary: null };
    const bothHear = Promise.all([nextMessage(first), nextMessage(second)]);
    hub.publish('conversations.changed', payload);
    expect(await bothHear).toEqual([
      { event: 'conversations.changed', payload },
      { event: 'conversations.changed', payload },
    ]);

    first.close();
    await until(() => hub.size === 1);
    const later = { conversationId: 8, summary: null };
    const heard = nextMessage(second);
    hub.publish('conversations.changed', later);
    expect(await heard).toEqual({ event: 'conversations.changed', payload: later });

    // Calls still answer as before on a socket that also receives broadcasts.
    second.send(JSON.stringify({ id: 4, call: 'app.info', input: {} }));
    expect(await nextMessage(second)).toMatchObject({ id: 4, ok: true });
    second.close();
    await until(() => hub.size === 0);
  });

  it('unsubscribes every socket when the host closes', async () => {
    const host = await start();
    await goodSocket(host);
    await goodSocket(host);
    await until(() => hub.size === 2);
    await hosts.splice(hosts.indexOf(host), 1)[0]!.close();
    await until(() => hub.size === 0);
  });

  it('close() closes the open sockets and stops listening', async () => {
    const host = await start();
    const ws = await goodSocket(host);
    const code = closed(ws);
    await hosts.splice(hosts.indexOf(host), 1)[0]!.close();
    expect(await code).toBe(1001);
    await expect(get(host, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
