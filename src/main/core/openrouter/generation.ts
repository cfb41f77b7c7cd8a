/**
 * GET /generation?id=…: what OpenRouter billed for one generation. The record is eventually
 * consistent (404 for a few seconds after the request ends), so lookups retry on a bounded
 * schedule and give up quietly.
 */
import { AppError } from '@shared/errors';
import type { OpenRouterRest } from './rest';

export interface GenerationInfo {
  id: string;
  totalCost: number | null;
  model: string | null;
  providerName: string | null;
  tokensPrompt: number | null;
  tokensCompletion: number | null;
  reasoningTokens: number | null;
  cachedTokens: number | null;
  cancelled: boolean | null;
  finishReason: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function parseGeneration(body: unknown): GenerationInfo | null {
  const d = (body as { data?: Record<string, unknown> } | null)?.data;
  if (!d || typeof d !== 'object' || typeof d.id !== 'string') return null;
  return {
    id: d.id,
    totalCost: num(d.total_cost) ?? num(d.usage),
    model: str(d.model),
    providerName: str(d.provider_name),
    // Native counts are what the provider billed; the normalized ones are a fallback.
    tokensPrompt: num(d.native_tokens_prompt) ?? num(d.tokens_prompt),
    tokensCompletion: num(d.native_tokens_completion) ?? num(d.tokens_completion),
    reasoningTokens: num(d.native_tokens_reasoning),
    cachedTokens: num(d.native_tokens_cached),
    cancelled: typeof d.cancelled === 'boolean' ? d.cancelled : null,
    finishReason: str(d.finish_reason),
  };
}

export interface LookupOptions {
  /** Waits before each attempt, e.g. [1000, 2000, 4000]: as many attempts as entries. */
  delaysMs: readonly number[];
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('cancelled', 'Lookup cancelled.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('cancelled', 'Lookup cancelled.'));
    };
    // The signal outlives many lookups: the listener goes as soon as the wait is over.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The generation record, or null when it never appeared within the schedule. */
export async function lookUpGeneration(
  rest: OpenRouterRest,
  apiKey: string,
  id: string,
  opts: LookupOptions,
): Promise<GenerationInfo | null> {
  const sleep = opts.sleep ?? defaultSleep;
  for (const delay of opts.delaysMs) {
    await sleep(delay, opts.signal);
    try {
      const found = parseGeneration(
        await rest.getJson('/generation', { apiKey, query: { id }, ...(opts.signal ? { signal: opts.signal } : {}) }),
      );
      if (found) return found;
    } catch (e) {
      // 404 means "not yet"; anything else (401, network) will not get better by waiting.
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    }
  }
  return null;
}
