/**
 * Every route under /api/v1. The catalog routes need no key, like the real ones; everything
 * about an account or a generation does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize } from './accounts';
import type { CatalogModel } from './catalog';
import { handleChat, type ChatDeps } from './chat';
import { endpointsResponse } from './endpoints';
import { errors } from './errors';
import { generationResponse } from './generations';
import { sendError, sendJson } from './http';
import { providersResponse } from './providers';

export const API_PREFIX = '/api/v1';

export interface RouteDeps extends ChatDeps {
  creditsRequireManagementKey: boolean;
}

/** The request body: absent, parsed JSON, or text that is not JSON. */
export type RequestBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'malformed' };

const MAX_PAGE = 1000;
const DEFAULT_PAGE = 500;

/** GET /models: the whole filtered list, or one page when offset or limit is given. */
function modelsList(models: CatalogModel[], query: URLSearchParams): unknown {
  if (!query.has('offset') && !query.has('limit')) {
    return { data: models, total_count: models.length, links: { next: null } };
  }
  const offset = Math.max(0, Math.floor(Number(query.get('offset') ?? 0)) || 0);
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(Number(query.get('limit') ?? DEFAULT_PAGE)) || DEFAULT_PAGE));
  const next = offset + limit < models.length ? `${API_PREFIX}/models?offset=${offset + limit}&limit=${limit}` : null;
  return { data: models.slice(offset, offset + limit), total_count: models.length, links: { next } };
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

export async function routeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: RequestBody,
  deps: RouteDeps,
): Promise<void> {
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) return sendError(res, errors.notFound());
  const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const { catalog } = deps;

  if (method === 'GET') {
    if (path === '/models') return sendJson(res, 200, modelsList(catalog.filter(url.searchParams), url.searchParams));
    if (path === '/models/count') {
      return sendJson(res, 200, { data: { count: catalog.filter(url.searchParams).length } });
    }
    if (path === '/providers') return sendJson(res, 200, providersResponse());

    const endpoints = /^\/models\/(.+)\/endpoints$/.exec(path);
    if (endpoints) {
      const model = catalog.byIdOrSlug(decodePath(endpoints[1] as string) ?? '');
      return model ? sendJson(res, 200, endpointsResponse(model)) : sendError(res, errors.resourceNotFound());
    }
    if (path.startsWith('/model/')) {
      const model = catalog.byIdOrSlug(decodePath(path.slice('/model/'.length)) ?? '');
      return model ? sendJson(res, 200, { data: model }) : sendError(res, errors.resourceNotFound());
    }
  }

  const needsKey =
    (method === 'GET' && ['/key', '/auth/key', '/credits', '/generation', '/models/user'].includes(path)) ||
    (method === 'POST' && path === '/chat/completions');
  if (!needsKey) return sendError(res, errors.notFound());

  const auth = authorize(req.headers);
  if ('error' in auth) return sendError(res, auth.error);

  switch (path) {
    case '/key':
    case '/auth/key':
      return sendJson(res, 200, deps.accounts.keyResponse(auth.key));
    case '/credits':
      if (deps.creditsRequireManagementKey) return sendError(res, errors.managementKeyRequired());
      return sendJson(res, 200, deps.accounts.creditsResponse());
    case '/models/user':
      return sendJson(res, 200, modelsList(catalog.filter(url.searchParams), url.searchParams));
    case '/generation': {
      const id = url.searchParams.get('id');
      if (!id)
        return sendError(res, { status: 400, headers: {}, body: { error: { message: 'id is required', code: 400 } } });
      const record = deps.generations.find(id);
      return record ? sendJson(res, 200, generationResponse(record)) : sendError(res, errors.generationNotFound());
    }
    case '/chat/completions':
      if (body.kind !== 'json') return sendError(res, errors.invalidJson());
      return handleChat(req, res, body.value, auth.key, deps);
  }
}
