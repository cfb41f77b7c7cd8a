/**
 * Turns OpenRouter's answers (HTTP errors, error chunks, network failures) into AppErrors whose
 * message says what happened and what to do about it.
 */
import OpenAI from 'openai';
import { AppError } from '@shared/errors';
import type { ErrorCode } from '@shared/schemas';

interface ErrorBody {
  message?: unknown;
  code?: unknown;
  metadata?: {
    raw?: unknown;
    provider_name?: unknown;
    error_type?: unknown;
    reasons?: unknown;
    flagged_input?: unknown;
    model_slug?: unknown;
  } | null;
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
      message = REASONING_LOST.test(detail)
        ? `OpenRouter could not accept this request.${said} ${REASONING_ADVICE}`
        : `OpenRouter could not accept this request.${said} Check the model and parameters.`;
      break;
    case status === 401:
      code = 'unauthorized';
      message = `OpenRouter rejected the API key.${said}${advise(said, 'Check the key in Settings, or create a new one at https://openrouter.ai/settings/keys.', /settings\/keys/)}`;
      break;
    case status === 402:
      code = 'payment_required';
      message =
        affordability(detail) ??
        `Not enough credits for this request.${said}${advise(said, 'Add credits at https://openrouter.ai/settings/credits, or lower Max tokens.', /settings\/credits/)}`;
      break;
    case status === 403:
      code = 'forbidden';
      message = moderation(err) ?? `OpenRouter refused this request.${said}`;
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
      // OpenRouter's own cap on :free models, not the provider's: waiting or paying are the ways out.
      const free = /free-models-per-(min|day)/.test(detail)
        ? ' Free models allow 20 requests a minute, and 50 a day until you have bought 10 credits (then 1000); the paid version of the model has no such cap.'
        : '';
      message = `Rate limited.${said}${wait}${free}`;
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

/** Gemini's refusal when an earlier answer in the history lacks its reasoning_details. */
const REASONING_LOST = /reasoning details to be preserved/i;
const REASONING_ADVICE =
  'An earlier answer in this branch has no reasoning to send back (it came from another model, or failed part-way). Edit the message before it to start a new branch, or choose another model.';

/**
 * The 402 of a max_tokens pre-authorisation: OpenRouter reserves the most the answer could cost
 * ("You requested up to 65536 tokens, but can only afford 3395"), so a lower Max tokens is the fix.
 */
function affordability(detail: string): string | null {
  const afford = /can only afford (\d+)/i.exec(detail)?.[1];
  if (!afford) return null;
  const requested = /requested up to (\d+)/i.exec(detail)?.[1];
  const asked = requested ? `, but this request allows an answer of up to ${requested}` : '';
  // A key with its own credit limit says so ("create a key with a higher limit").
  const more = /settings\/keys|higher limit/i.test(detail)
    ? "raise this key's credit limit at https://openrouter.ai/settings/keys"
    : 'add credits at https://openrouter.ai/settings/credits';
  return `Your credits cover an answer of at most ${afford} tokens${asked}. Lower Max tokens to ${afford} or less, or ${more}.`;
}

/** A 403 from moderation names why (metadata.reasons); say that, and what can be done. */
function moderation(err: ErrorBody | null): string | null {
  const reasons = err?.metadata?.reasons;
  if (!Array.isArray(reasons)) return null;
  const named = reasons.filter((r): r is string => typeof r === 'string' && r.trim() !== '');
  if (named.length === 0) return null;
  const model = typeof err?.metadata?.model_slug === 'string' ? err.metadata.model_slug : 'this model';
  const flagged = typeof err?.metadata?.flagged_input === 'string' ? err.metadata.flagged_input.trim() : '';
  const quote = flagged ? ` ("${flagged}")` : '';
  return `OpenRouter moderates ${model}, and your message was flagged for ${named.join(', ')}${quote}, so it was not sent and nothing was charged. Rephrase the message, or choose a model without moderation.`;
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

/** A broken connection in the middle of the body (undici: "terminated", or a socket error code). */
export function isBrokenConnection(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TypeError' && /terminated/i.test(e.message)) return true;
  const code =
    (e as { code?: unknown; cause?: { code?: unknown } }).code ?? (e as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$/.test(code);
}

/** A stream that ended without a finish reason: it was cut off, however politely it closed. */
export function cutOffError(): AppError {
  return new AppError(
    'network',
    'The answer was cut off: the connection to OpenRouter closed before the answer finished. The text so far is kept; send again to retry.',
  );
}

/** A stream that went silent, not even keep-alive comments, for `idleMs`. */
export function stallError(idleMs: number): AppError {
  return new AppError(
    'timeout',
    `OpenRouter sent nothing for ${Math.round(idleMs / 1000)} s, so RouterDesk stopped waiting. The text so far is kept; try again, or choose another provider.`,
  );
}

/**
 * What a chat request threw (through the openai SDK), as an AppError. `answering` says the answer
 * had started: a connection error then means it broke, not that OpenRouter is unreachable.
 */
export function toChatError(e: unknown, baseUrl: string, answering: boolean): AppError {
  if (e instanceof AppError) return e;
  if (isBrokenConnection(e) || (answering && e instanceof OpenAI.APIConnectionError)) {
    return new AppError(
      'network',
      'The connection to OpenRouter broke part-way through the answer. The text so far is kept; send again to retry.',
    );
  }
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError(
      'timeout',
      'OpenRouter stopped answering. Try again; if it keeps happening, choose another provider.',
    );
  }
  if (e instanceof OpenAI.APIConnectionError) return networkError(baseUrl, e.cause ?? e);
  if (e instanceof OpenAI.APIError) {
    // No status: the SDK threw on an error chunk that arrived mid-stream under HTTP 200.
    if (e.status === undefined) return errorFromStreamChunk(e.error);
    const retryAfterSeconds = retryAfterFrom(e.headers as { get(name: string): string | null } | undefined);
    return errorFromStatus({
      status: e.status,
      body: { error: e.error },
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  return new AppError(
    'internal',
    'The answer could not be read. Try again; if it keeps happening, restart RouterDesk.',
  );
}
