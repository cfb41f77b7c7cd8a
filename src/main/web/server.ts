/**
 * The web host: the same renderer and the same contract, served to a browser on loopback.
 *
 * Access control (the pattern of VS Code server's connection token):
 * - the printed URL carries a random per-launch token; the first request with it sets an
 *   HttpOnly, SameSite=Strict cookie (named after the port) and redirects to the clean URL;
 * - every later request and the WebSocket upgrade must carry that cookie;
 * - the Host header must name this server (stops DNS-rebinding pages), and the upgrade's Origin
 *   must be one of this server's own origins (stops other sites' pages from opening the socket);
 *   hosts.ts decides which names those are.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsClientFrame, type EventName, type EventPayload, type WsServerFrame } from '@shared/contract';
import { toErrorShape } from '@shared/errors';
import type { Core } from '../core/app';
import { contentSecurityPolicy } from '../core/csp';
import { createCloseHooks, type CallContext, type Logger } from '../core/rpc';
import {
  allowedHostHeaders,
  allowedOrigins,
  isWildcardHost,
  localOrigin,
  networkOrigins,
  type Interfaces,
} from './hosts';

export const TOKEN_QUERY = 'tkn';
/** How often a miss may re-read the interface list (an address can change while running). */
const INTERFACE_REFRESH_MS = 2000;

/**
 * The access cookie's name. Cookies are not separated by port, so each web host names its own:
 * two hosts on one machine would otherwise overwrite each other's cookie.
 */
export function tokenCookieName(port: number): string {
  return `rd_tkn_${port}`;
}
/** Images and PDFs will travel over the socket later; anything above this is refused. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

export interface WebHostOptions {
  core: Pick<Core, 'dispatch' | 'subscribe'>;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  log?: Logger;
  /** The machine's interfaces, for the Host allow-list when bound to 0.0.0.0 or ::. */
  networkInterfaces?: () => Interfaces;
}

export interface WebHost {
  /** The URL to open on this machine, with the token (loopback when bound to a wildcard). */
  url: string;
  origin: string;
  /** When bound to a wildcard: URLs, with the token, that other machines can open. */
  networkUrls: string[];
  port: number;
  token: string;
  close(): Promise<void>;
}

/** What `npm run web` prints before listening anywhere but loopback; null for loopback. */
export function exposureWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null;
  return (
    `WARNING: RouterDesk is listening on ${host}, reachable from other machines on your network.\n` +
    'Anyone with the URL below (it carries the access token) can use your OpenRouter key.\n' +
    'The connection is plain http: the token and everything you send travel unencrypted over the\n' +
    'network, so anyone on it who can read the traffic can take them. Use this only on a network you trust.'
  );
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every value of the cookie `name`. Another page on this machine can plant a cookie with the same
 * name (for a longer path, sent first), so the caller accepts the request if any value matches.
 * A value that does not decode is skipped: it can never be our token.
 */
function readCookies(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      values.push(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // Malformed percent-encoding: not ours.
    }
  }
  return values;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(opts.rendererDir);
  const log: Logger = opts.log ?? (() => {});
  const readInterfaces = opts.networkInterfaces ?? networkInterfaces;
  let port = opts.port ?? 0;
  let cookieName = tokenCookieName(port);

  // Computed once listening (the port is known then); re-read on a miss when bound to a wildcard,
  // at most every INTERFACE_REFRESH_MS, so a new DHCP address is picked up.
  let hostHeaders = new Set<string>();
  let origins = new Set<string>();
  let refreshedAt = 0;
  const refreshAllowList = () => {
    hostHeaders = allowedHostHeaders(host, port, readInterfaces());
    origins = allowedOrigins(hostHeaders);
    refreshedAt = Date.now();
  };
  const allowed = (test: () => boolean): boolean => {
    if (test()) return true;
    if (!isWildcardHost(host) || Date.now() - refreshedAt < INTERFACE_REFRESH_MS) return false;
    refreshAllowList();
    return test();
  };
  const hostAllowed = (req: IncomingMessage) => allowed(() => hostHeaders.has((req.headers.host ?? '').toLowerCase()));
  const originAllowed = (origin: string | undefined) =>
    origin !== undefined && allowed(() => origins.has(origin.toLowerCase()));
  const authorised = (req: IncomingMessage) => readCookies(req, cookieName).some((value) => sameSecret(value, token));

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req)) {
      sendText(res, 421, 'This RouterDesk server only answers to its own address.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed.');
      return;
    }
    const url = requestUrl(req);
    if (!url) {
      sendText(res, 400, 'Bad request path.');
      return;
    }
    const offered = url.searchParams.get(TOKEN_QUERY);
    if (offered !== null) {
      if (!sameSecret(offered, token)) {
        sendText(
          res,
          401,
          'That access token is not valid for this RouterDesk server. Open the URL that `npm run web` printed.',
        );
        return;
      }
      url.searchParams.delete(TOKEN_QUERY);
      res.writeHead(302, {
        'Set-Cookie': `${cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!authorised(req)) {
      sendText(
        res,
        401,
        'RouterDesk needs its access token. Open the full URL that `npm run web` printed (it ends in ?tkn=…).',
      );
      return;
    }
    serveStatic(rendererDir, url.pathname, req, res, log).catch((e: unknown) => failRequest(res, e, log));
  };

  const server: Server = createServer((req, res) => {
    // One bad request must never take the whole host (and the user's streams) down.
    try {
      handleRequest(req, res);
    } catch (e) {
      failRequest(res, e, log);
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    // Node leaves an upgrading socket without an error listener; a reset would be uncaught.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = requestUrl(req);
    if (!url || url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(421, 'Misdirected Request');
    if (!originAllowed(req.headers.origin)) return reject(403, 'Forbidden');
    if (!authorised(req)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts.core, log));
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  cookieName = tokenCookieName(port);
  refreshAllowList();
  const origin = localOrigin(host, port);
  const withToken = (o: string) => `${o}/?${TOKEN_QUERY}=${token}`;

  return {
    url: withToken(origin),
    origin,
    networkUrls: networkOrigins(host, port, readInterfaces()).map(withToken),
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const client of wss.clients) client.close(1001, 'RouterDesk is shutting down');
        wss.close();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

/** The request's path and query; null for a request target that is not a plain /path. */
function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return null;
  try {
    // A fixed base: the Host header has been checked, but "//name/…" must not become a host.
    return new URL(target.replace(/^\/+/, '/'), 'http://routerdesk.invalid');
  } catch {
    return null;
  }
}

/** A request that failed after it was accepted: log it and end the response one way or another. */
function failRequest(res: ServerResponse, e: unknown, log: Logger): void {
  log('error', `web: request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (!res.headersSent) sendText(res, 500, 'RouterDesk could not answer that request. Try again.');
  else res.destroy();
}

async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(res, 400, 'Bad path.');
    return;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = resolve(join(root, relative));
  if (file !== root && !file.startsWith(root + sep)) {
    sendText(res, 404, 'Not found.');
    return;
  }
  let stat = statSafe(file);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = statSafe(file);
  }
  // Client-side routes (#/…) never reach here, but unknown paths fall back to the app.
  if (!stat && !extname(file)) {
    file = join(root, 'index.html');
    stat = statSafe(file);
  }
  // Only regular files: opening a FIFO would hang, a socket fails to open.
  if (!stat?.isFile()) {
    sendText(res, 404, 'Not found. If this is a fresh checkout, run `npm run web` (it builds the app first).');
    return;
  }
  // Open before answering, so a file that cannot be read (permissions, a rebuild replacing it)
  // gets a clear error instead of a 200 that breaks off.
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    log('warn', `web: could not open ${file}: ${e instanceof Error ? e.message : String(e)}`);
    sendText(res, 500, 'RouterDesk could not read that file. If you are rebuilding the app, reload in a moment.');
    return;
  }
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (e) {
    await handle.close().catch(() => {});
    throw e;
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': isHtml ? 'no-store' : 'private, max-age=3600',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  if (req.method === 'HEAD') {
    await handle.close().catch(() => {});
    res.end();
    return;
  }
  pipeline(handle.createReadStream(), res, (err) => {
    if (!err) return;
    // The browser going away mid-file is normal; anything else is worth a line.
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') log('warn', `web: sending ${file} failed: ${err.message}`);
    res.destroy();
  });
}

function statSafe(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function serveSocket(ws: WebSocket, core: Pick<Core, 'dispatch' | 'subscribe'>, log: Logger): void {
  const hooks = createCloseHooks((e) => log('warn', `web: cleanup after a closed socket failed: ${String(e)}`));
  const send = (frame: WsServerFrame): boolean => {
    if (ws.readyState !== ws.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  };
  const ctx: CallContext = {
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      return send({ event: name, payload });
    },
    onClose: hooks.onClose,
  };
  // Broadcasts (a conversation changed in another tab) reach every socket while it is open.
  const unsubscribe = core.subscribe((name, payload) => {
    send({ event: name, payload });
  });
  // Protocol errors (bad UTF-8, a frame over the size limit) close this socket; without a
  // listener they would be thrown and end the process.
  ws.on('error', (e) => log('warn', `web: socket error: ${e.message}`));
  ws.on('close', () => {
    unsubscribe();
    hooks.close();
  });
  ws.on('message', (data, isBinary) => {
    let frame: { id: number; call: string; input?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      const parsed = WsClientFrame.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) throw new Error('shape');
      frame = parsed.data;
    } catch {
      send({
        id: -1,
        ok: false,
        error: { code: 'invalid_input', message: 'The message was not understood: send JSON {id, call, input}.' },
      });
      return;
    }
    core.dispatch(frame.call, frame.input, ctx).then(
      (result) => send({ id: frame.id, ...result }),
      (e: unknown) => {
        log(
          'error',
          `web: call ${frame.call} failed outside the dispatcher: ${e instanceof Error ? e.message : String(e)}`,
        );
        send({
          id: frame.id,
          ok: false,
          error: toErrorShape(e),
        });
      },
    );
  });
}
