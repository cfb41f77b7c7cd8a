/** GET /key and /credits, read leniently into what the Settings screen shows. */
import { AppError } from '@shared/errors';
import type { AccountInfo, KeyInfo } from '@shared/schemas';
import type { OpenRouterRest } from './rest';

function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function parseKeyInfo(body: unknown): KeyInfo {
  const d = (body as { data?: Record<string, unknown> } | null)?.data;
  if (!d || typeof d !== 'object') {
    throw new AppError(
      'bad_response',
      'OpenRouter answered /key with something RouterDesk could not read. Check the base URL in Settings.',
    );
  }
  const rl = d.rate_limit as { requests?: unknown; interval?: unknown } | null | undefined;
  return {
    label: s(d.label),
    limit: n(d.limit),
    limitRemaining: n(d.limit_remaining),
    limitReset: s(d.limit_reset),
    usage: n(d.usage),
    usageDaily: n(d.usage_daily),
    usageWeekly: n(d.usage_weekly),
    usageMonthly: n(d.usage_monthly),
    isFreeTier: typeof d.is_free_tier === 'boolean' ? d.is_free_tier : null,
    expiresAt: s(d.expires_at),
    rateLimit:
      rl && typeof rl.requests === 'number' && typeof rl.interval === 'string'
        ? { requests: rl.requests, interval: rl.interval }
        : null,
  };
}

/** Verifies a key by asking OpenRouter about it; throws the mapped error on 401 etc. */
export async function fetchKeyInfo(rest: OpenRouterRest, apiKey: string): Promise<KeyInfo> {
  return parseKeyInfo(await rest.getJson('/key', { apiKey }));
}

export async function fetchAccount(rest: OpenRouterRest, apiKey: string, now: number): Promise<AccountInfo> {
  const key = await fetchKeyInfo(rest, apiKey);
  try {
    const body = (await rest.getJson('/credits', { apiKey })) as {
      data?: { total_credits?: unknown; total_usage?: unknown };
    };
    const totalCredits = n(body?.data?.total_credits);
    const totalUsage = n(body?.data?.total_usage);
    if (totalCredits === null || totalUsage === null) {
      return { key, credits: null, creditsNote: 'OpenRouter did not report a credit balance.', fetchedAt: now };
    }
    return { key, credits: { totalCredits, totalUsage }, creditsNote: null, fetchedAt: now };
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') {
      return {
        key,
        credits: null,
        creditsNote: 'The credit balance needs a management key; see it at https://openrouter.ai/settings/credits.',
        fetchedAt: now,
      };
    }
    const why = e instanceof AppError ? e.message : 'unknown error';
    return { key, credits: null, creditsNote: `Credits could not be loaded: ${why}`, fetchedAt: now };
  }
}
