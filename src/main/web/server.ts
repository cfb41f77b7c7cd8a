/**
 * The web host: the same renderer and the same contract, served to a browser on loopback.
 *
 * Access control (the pattern of VS Code server's connection token):
 * - the printed URL carries a random per-launch token; the first request with it sets an
 *   HttpOnly, SameSite=Strict cookie and redirects to the clean URL;
 * - every later request and the WebSocket upgrade must carry that cookie;
 * - the Host header must name this server (stops DNS-rebinding pages), and the upgrade's Origin
 *   must be this server's own origin (stops other sites' pages from opening the socket).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsClientFrame, type EventName, type EventPayload, type WsServerFrame } from '../../shared/contract';
import type { Core } from '../core/app';
import { contentSecurityPolicy } from '../core/csp';
import type { CallContext, Logger } from '../core/rpc';

export const TOKEN_COOKIE = 'rd_tkn';
export const TOKEN_QUERY = 'tkn';
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
  core: Pick<Core, 'dispatch'>;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  log?: Logger;
}

export interface WebHost {
  /** The URL to open, with the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** What `npm run web` prints before listening anywhere but loopback; null for loopback. */
export function exposureWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null;
  return (
    `WARNING: RouterDesk is listening on ${host}, reachable from other machines on your network.\n` +
    'Anyone with the URL below (it carries the access token) can use your OpenRouter key.'
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

function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
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
  let port = opts.port ?? 0;

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const allowedHosts = (): Set<string> => {
    const set = new Set([`${urlHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    return set;
  };
  const hostAllowed = (req: IncomingMessage) => allowedHosts().has((req.headers.host ?? '').toLowerCase());
  const authorised = (req: IncomingMessage) => sameSecret(readCookie(req, TOKEN_COOKIE), token);

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req)) {
      sendText(res, 421, 'This RouterDesk server only answers to its own address.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
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
        'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
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
    serveStatic(rendererDir, url.pathname, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    const expectedOrigins = [...allowedHosts()].map((h) => `http://${h}`);
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(421, 'Misdirected Request');
    if (!origin || !expectedOrigins.includes(origin)) return reject(403, 'Forbidden');
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
  const origin = `http://${urlHost}:${port}`;

  return {
    url: `${origin}/?${TOKEN_QUERY}=${token}`,
    origin,
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

function serveStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): void {
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
  if (!stat) {
    sendText(res, 404, 'Not found. If this is a fresh checkout, run `npm run web` (it builds the app first).');
    return;
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': isHtml ? 'no-store' : 'private, max-age=3600',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function statSafe(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function serveSocket(ws: WebSocket, core: Pick<Core, 'dispatch'>, log: Logger): void {
  const closeHandlers: Array<() => void> = [];
  const send = (frame: WsServerFrame): boolean => {
    if (ws.readyState !== ws.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  };
  const ctx: CallContext = {
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      return send({ event: name, payload });
    },
    onClose(fn) {
      closeHandlers.push(fn);
    },
  };
  ws.on('close', () => {
    for (const fn of closeHandlers.splice(0)) {
      try {
        fn();
      } catch (e) {
        log('warn', `web: cleanup after a closed socket failed: ${String(e)}`);
      }
    }
  });
  ws.on('message', async (data, isBinary) => {
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
    const result = await core.dispatch(frame.call, frame.input, ctx);
    send({ id: frame.id, ...result });
  });
}
