/**
 * A local stand-in for the OpenRouter API on 127.0.0.1, answering with the real shapes
 * (see ../../../shared/openrouter/API.md): the real catalog, synthesized endpoints, keys,
 * credits, eventually consistent generations, and chat completions streamed like the real SSE
 * capture. Tests steer single requests with directives in the prompt (see directives.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Accounts, fakeKey } from './accounts';
import { loadCatalog } from './catalog';
import type { UsageShape } from './directives';
import { Generations } from './generations';
import { readBody, sendError } from './http';
import { API_PREFIX, routeRequest, type RequestBody, type RouteDeps } from './routes';

export { fakeKey };

export interface FakeOpenRouterOptions {
  port?: number;
  host?: string;
  /** /generation answers 404 for this long after a generation ends (default 2000). */
  generationDelayMs?: number;
  /** Default 60; `[[fake:rate=N]]` overrides it per request; 0 = no delay. */
  defaultTokensPerSecond?: number;
  /** Default false: /credits answers for any valid key (as in 2025); true: 403, as the 2026 spec says. */
  creditsRequireManagementKey?: boolean;
  log?: (line: string) => void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeOpenRouter {
  baseUrl: string;
  port: number;
  /** Every request received, newest last (the last 1000). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const RECORDED_LIMIT = 1000;

function parseBody(text: string): RequestBody {
  if (text.trim() === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'malformed' };
  }
}

export async function startFakeOpenRouter(opts: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const running = new Set<AbortController>();
  const requests: RecordedRequest[] = [];
  let usageChunks = 0;

  const deps: RouteDeps = {
    catalog: loadCatalog(),
    accounts: new Accounts(),
    generations: new Generations(opts.generationDelayMs ?? 2000),
    defaultTokensPerSecond: opts.defaultTokensPerSecond ?? 60,
    creditsRequireManagementKey: opts.creditsRequireManagementKey ?? false,
    // Odd requests get the common shape (one choice, empty delta), even ones `choices: []`.
    nextUsageShape: (): UsageShape => (usageChunks++ % 2 === 0 ? 'empty-delta' : 'empty-choices'),
    track(controller) {
      running.add(controller);
      return () => running.delete(controller);
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake-openrouter.local');
    let body: RequestBody;
    let recordedBody: unknown;
    try {
      const text = await readBody(req);
      body = parseBody(text);
      recordedBody = body.kind === 'json' ? body.value : body.kind === 'malformed' ? text : undefined;
    } catch {
      body = { kind: 'malformed' };
    }
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body: recordedBody,
    });
    if (requests.length > RECORDED_LIMIT) requests.splice(0, requests.length - RECORDED_LIMIT);

    res.on('finish', () =>
      log(`${req.method} ${url.pathname}${url.search} ${res.statusCode} ${Date.now() - started}ms`),
    );
    res.on('close', () => {
      if (!res.writableFinished)
        log(`${req.method} ${url.pathname} closed by the client after ${Date.now() - started}ms`);
    });
    await routeRequest(req, res, url, body, deps);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent)
        sendError(res, { status: 500, headers: {}, body: { error: { message: 'Internal Server Error', code: 500 } } });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;

  return {
    baseUrl: `http://${urlHost}:${port}${API_PREFIX}`,
    port,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Stop running answers first: each ends its response and records itself as cancelled.
        for (const controller of running) controller.abort();
        server.close(() => resolve());
        setImmediate(() => server.closeAllConnections());
      });
      return closing;
    },
  };
}
