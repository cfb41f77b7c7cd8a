/**
 * Turns OpenRouter's answers (HTTP errors, error chunks, network failures) into AppErrors whose
 * message says what happened and what to do about it.
 */
import { AppError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/schemas';

interface ErrorBody {
  message?: unknown;
  code?: unknown;
  metadata?: { raw?: unknown; provider_name?: unknown; error_type?: unknown; reasons?: unknown } | null;
}

/** Reads `{error:{message,code,metadata}}` (or a bare error object) leniently. */
export function readErrorBody(body: unknown): ErrorBody | null {
  if (!body || typeof body !== 'object') return null;
  const inner = (body as { error?: unknown }).error;
  if (inner && typeof inner === 'object') return inner as ErrorBody;
  return body as ErrorBody;
}

function upstreamDetail(err: ErrorBody | null): string {
  if (!err) return '';
  const message = typeof err.message === 'string' ? err.message.trim() : '';
  const provider = err.metadata && typeof err.metadata.provider_name === 'string' ? err.metadata.provider_name : '';
  const raw = err.metadata && typeof err.metadata.raw === 'string' ? err.metadata.raw.trim() : '';
  // "Provider returned error" alone says nothing; the raw upstream text is the useful part.
  const text = message === 'Provider returned error' && raw ? readableRaw(raw) : message;
  const clipped = text.length > 400 ? `${text.slice(0, 400)}…` : text;
  return provider ? `${clipped} (provider: ${provider})` : clipped;
}

/** Providers often put their own JSON error body in `raw`: show its message, not the JSON. */
function readableRaw(raw: string): string {
  if (!raw.startsWith('{')) return raw;
  try {
    const parsed = JSON.parse(raw) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const inner = typeof parsed.error === 'object' && parsed.error ? parsed.error.message : parsed.error;
    const found = [inner, parsed.message, parsed.detail].find((v) => typeof v === 'string' && v.trim());
    return typeof found === 'string' ? found.trim() : raw;
  } catch {
    return raw;
  }
}

/** Adds our advice unless OpenRouter's own message already gives it (it often names the same page). */
function advise(said: string, advice: string, alreadyCovered: RegExp): string {
  return alreadyCovered.test(said) ? '' : ` ${advice}`;
}

function sentence(text: string): string {
  if (!text) return '';
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface HttpFailure {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
  /** 'request' (default): a chat request, where another model or provider may help; 'openrouter': its own endpoints (/key, /models…). */
  about?: 'request' | 'openrouter';
}

/** Seconds to wait, from Retry-After (seconds or date) or X-RateLimit-Reset (epoch ms). */
export function retryAfterFrom(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset) {
    const ms = Number(reset);
    if (Number.isFinite(ms) && ms > now) return Math.ceil((ms - now) / 1000);
  }
  return undefined;
}

export function errorFromStatus(failure: HttpFailure): AppError {
  const { status, retryAfterSeconds } = failure;
  const err = readErrorBody(failure.body);
  const detail = upstreamDetail(err);
  const extra = { status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  const said = detail ? ` OpenRouter said: ${sentence(detail)}` : '';
  let code: ErrorCode;
  let message: string;
  switch (true) {
    case status === 400:
      code = 'invalid_input';
      message = `OpenRouter could not accept this request.${said} Check the model and parameters.`;
      break;
    case status === 401:
      code = 'unauthorized';
      message = `OpenRouter rejected the API key.${said}${advise(said, 'Check the key in Settings, or create a new one at https://openrouter.ai/settings/keys.', /settings\/keys/)}`;
      break;
    case status === 402:
      code = 'payment_required';
      message = `Not enough credits for this request.${said}${advise(said, 'Add credits at https://openrouter.ai/settings/credits, or lower Max tokens.', /settings\/credits/)}`;
      break;
    case status === 403:
      code = 'forbidden';
      message = `OpenRouter refused this request.${said}`;
      break;
    case status === 404:
      code = 'not_found';
      message =
        failure.about === 'openrouter'
          ? `OpenRouter could not find that.${said} Check the base URL in Settings points at the OpenRouter API (…/api/v1).`
          : `OpenRouter could not find what was asked for.${said} Pick another model, or refresh the catalog.`;
      break;
    case status === 408 || status === 524:
      code = 'timeout';
      message = `The request timed out at OpenRouter.${said} Try again, or pick a faster model or provider.`;
      break;
    case status === 429: {
      code = 'rate_limited';
      const wait =
        retryAfterSeconds !== undefined
          ? ` Wait ${retryAfterSeconds} s and try again.`
          : ' Wait a moment and try again.';
      message = `Rate limited.${said}${wait}`;
      break;
    }
    case status >= 500:
      code = 'provider_error';
      message =
        failure.about === 'openrouter'
          ? `OpenRouter is having trouble (HTTP ${status}).${said} Try again in a minute; status.openrouter.ai lists outages.`
          : `The model's provider failed (HTTP ${status}).${said} Try again, or choose another model or provider.`;
      break;
    default:
      code = 'bad_response';
      message = `OpenRouter answered with HTTP ${status}.${said}`;
  }
  return new AppError(code, message, extra);
}

/** An error chunk that arrived mid-stream under HTTP 200. */
export function errorFromStreamChunk(error: unknown): AppError {
  const err = readErrorBody(error);
  const numeric = typeof err?.code === 'number' ? err.code : Number(err?.code);
  const status = Number.isFinite(numeric) && numeric >= 400 ? numeric : 502;
  const base = errorFromStatus({ status, body: { error: err } });
  return new AppError(base.code, `The answer stopped part-way: ${base.message}`, { status });
}

export function networkError(baseUrl: string, cause: unknown): AppError {
  const reason = describeCause(cause);
  return new AppError(
    'network',
    `Couldn't reach OpenRouter at ${baseUrl}${reason ? ` (${reason})` : ''}. Check your internet connection, or the base URL in Settings.`,
    { cause },
  );
}

function describeCause(cause: unknown): string {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return cause instanceof Error && cause.message && !/fetch failed/i.test(cause.message) ? cause.message : '';
}
