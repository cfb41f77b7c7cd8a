/**
 * Error bodies as OpenRouter sends them: `{"error":{"message","code","metadata"?},"user_id"?}`
 * with the HTTP status equal to error.code. Messages are the ones seen in real responses.
 */
import type { ErrorCodeDirective } from './directives';

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const FAKE_USER_ID = 'user_2fAkEoPeNrOuTeR0000000000';

export function simpleError(status: number, message: string): ErrorReply {
  return { status, headers: {}, body: { error: { message, code: status } } };
}

export const errors = {
  missingAuth: () => simpleError(401, 'No cookie auth credentials found'),
  userNotFound: () => simpleError(401, 'User not found.'),
  notFound: () => simpleError(404, 'Not Found'),
  /** The API reference's body for an unknown model or generation resource. */
  resourceNotFound: () => simpleError(404, 'Resource not found'),
  generationNotFound: () => simpleError(404, 'Generation not found'),
  invalidJson: () => simpleError(400, 'Invalid JSON in request body'),
  managementKeyRequired: (): ErrorReply => ({
    status: 403,
    headers: {},
    body: { error: { code: 403, message: 'Only management keys can perform this operation' } },
  }),
  /** 2026 availability fields, plus `code`, which every other error body carries. */
  invalidModel: (model: string): ErrorReply => ({
    status: 400,
    headers: {},
    body: {
      error: {
        message: `${model} is not a valid model ID`,
        code: 400,
        error_type: 'invalid_request',
        http_status: 400,
        availability: {
          code: 'model_not_found',
          retryable: false,
          requested_models: [model],
          docs_url: 'https://openrouter.ai/docs/errors#model_not_found',
        },
      },
      user_id: FAKE_USER_ID,
    },
  }),
};

/**
 * The 402 of a max_tokens pre-authorisation: OpenRouter reserves the most the answer could cost
 * (max_tokens, or the model's longest answer when unset) against the balance.
 */
export function cannotAfford(requested: number, affordable: number): ErrorReply {
  return {
    status: 402,
    headers: {},
    body: {
      error: {
        message: `This request requires more credits, or fewer max_tokens. You requested up to ${requested} tokens, but can only afford ${affordable}. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account`,
        code: 402,
        metadata: { provider_name: null },
      },
      user_id: FAKE_USER_ID,
    },
  };
}

export interface ErrorContext {
  /** The requested model id. */
  model: string;
  provider: string;
  /** The last user message, for the moderation body's flagged_input. */
  input: string;
  free: boolean;
}

/** Moderation quotes at most 100 characters, cutting the middle out. */
function flaggedInput(text: string): string {
  if (text.length <= 100) return text;
  return `${text.slice(0, 48)}...${text.slice(-49)}`;
}

function providerError(status: number, raw: string, context: ErrorContext, errorType?: string): ErrorReply {
  const metadata: Record<string, unknown> = { raw, provider_name: context.provider, is_byok: false };
  if (errorType) metadata.error_type = errorType;
  return {
    status,
    headers: {},
    body: { error: { message: 'Provider returned error', code: status, metadata }, user_id: FAKE_USER_ID },
  };
}

/**
 * Gemini's refusal of a history whose reasoning was not sent back: OpenRouter's sentence, then
 * the upstream body, as a provider error. `position` is the content block that lacks it.
 */
export function reasoningDetailsRequired(context: ErrorContext, position: number): ErrorReply {
  const upstream = JSON.stringify(
    {
      error: {
        code: 400,
        message: `Unable to submit request because the ${position}. content block is missing a \`thought_signature\`. Learn more: https://docs.cloud.google.com/vertex-ai/generative-ai/docs/thought-signatures`,
        status: 'INVALID_ARGUMENT',
      },
    },
    null,
    2,
  );
  const raw = `Gemini models require OpenRouter reasoning details to be preserved in each request. Please refer to our docs: https://openrouter.ai/docs/guides/best-practices/reasoning-tokens#preserving-reasoning-blocks. Upstream error: ${upstream}\n`;
  return providerError(400, raw, context);
}

/** The reply for `[[fake:error=CODE]]`: a failure before the first token. */
export function directiveError(code: ErrorCodeDirective, context: ErrorContext, now = Date.now()): ErrorReply {
  switch (code) {
    case 400:
      return providerError(
        400,
        JSON.stringify({
          error: { message: 'Invalid request: the prompt could not be processed.', type: 'invalid_request_error' },
        }),
        context,
        'invalid_request',
      );
    case 401:
      return errors.userNotFound();
    case 402:
      return simpleError(402, 'Insufficient credits. Add more using https://openrouter.ai/settings/credits');
    case 403:
      return {
        status: 403,
        headers: {},
        body: {
          error: {
            code: 403,
            message: `${context.model} requires moderation on OpenRouter. Your input was flagged for "violence". No credits were charged.`,
            metadata: {
              reasons: ['violence'],
              flagged_input: flaggedInput(context.input),
              provider_name: context.provider,
              model_slug: context.model,
            },
          },
        },
      };
    case 404: {
      const reply = simpleError(404, `No endpoints found for ${context.model}.`);
      reply.body = { ...(reply.body as object), user_id: FAKE_USER_ID };
      return reply;
    }
    case 408:
      return simpleError(408, 'Request timed out. Please try again later.');
    case 429: {
      if (context.free) {
        // OpenRouter's own limit: the only replies that carry X-RateLimit-* headers.
        const reply = simpleError(429, 'Rate limit exceeded: free-models-per-min. ');
        const nextMinute = Math.ceil((now + 1) / 60_000) * 60_000;
        reply.headers = {
          'X-RateLimit-Limit': '20',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(nextMinute),
        };
        return reply;
      }
      const reply = providerError(
        429,
        `${context.model} is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations`,
        context,
      );
      reply.headers = { 'Retry-After': '2' };
      return reply;
    }
    case 500:
      return simpleError(500, 'Internal Server Error');
    case 502:
      return providerError(
        502,
        'upstream connect error or disconnect/reset before headers',
        context,
        'provider_unavailable',
      );
    case 503: {
      const reply = simpleError(503, 'No allowed providers are available for the selected model.');
      reply.headers = { 'Retry-After': '2' };
      return reply;
    }
  }
}

/** The `error` object of a mid-stream error chunk. 5xx messages are masked, as documented. */
export function midstreamError(code: ErrorCodeDirective): {
  code: number;
  message: string;
  metadata: { error_type: string };
} {
  const known: Record<ErrorCodeDirective, [string, string]> = {
    400: ['Provider returned error', 'invalid_request'],
    401: ['Provider authentication failed', 'authentication'],
    402: ['Insufficient credits', 'payment_required'],
    403: ['Output was flagged by moderation', 'content_policy_violation'],
    404: ['Model not found at provider', 'not_found'],
    408: ['Request timed out', 'timeout'],
    429: ['Rate limit exceeded', 'rate_limit_exceeded'],
    500: ['Internal Server Error', 'server'],
    502: ['Provider returned error', 'provider_unavailable'],
    503: ['Provider overloaded', 'provider_overloaded'],
  };
  const [message, errorType] = known[code];
  return { code, message, metadata: { error_type: errorType } };
}
