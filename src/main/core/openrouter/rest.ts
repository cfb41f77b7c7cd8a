/**
 * Plain HTTP for OpenRouter's REST endpoints (/models, endpoints, /key, /credits, /generation).
 * Chat completions go through the openai SDK instead (see chat/).
 */
import { AppError } from '@shared/errors';
import { ATTRIBUTION_HEADERS } from './config';
import { errorFromStatus, networkError, retryAfterFrom } from './errors';

export interface RestOptions {
  baseUrl: () => string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface GetOptions {
  /** Bearer key; omitted for public endpoints such as /models. */
  apiKey?: string | null;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export class OpenRouterRest {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: RestOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** GET a path under the base URL and return the response text after checking the status. */
  async getText(path: string, options: GetOptions = {}): Promise<string> {
    const baseUrl = this.opts.baseUrl();
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { Accept: 'application/json', ...ATTRIBUTION_HEADERS };
    if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { headers, signal });
      // The body can stall or break after the headers; it gets the same timeout and mapping.
      text = await response.text();
    } catch (e) {
      if (timeout.aborted) {
        throw new AppError(
          'timeout',
          `OpenRouter at ${baseUrl} did not answer within ${Math.round(this.timeoutMs / 1000)} s. Check your connection and try again.`,
        );
      }
      throw networkError(baseUrl, e);
    }
    if (!response.ok) {
      const retryAfterSeconds = retryAfterFrom(response.headers);
      throw errorFromStatus({
        about: 'openrouter',
        status: response.status,
        body: safeJson(text),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
    }
    return text;
  }

  async getJson(path: string, options: GetOptions = {}): Promise<unknown> {
    const text = await this.getText(path, options);
    const parsed = safeJson(text);
    if (parsed === undefined) {
      throw new AppError(
        'bad_response',
        `OpenRouter sent something that is not JSON for ${path}. Check the base URL in Settings points at the OpenRouter API (…/api/v1).`,
      );
    }
    return parsed;
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
