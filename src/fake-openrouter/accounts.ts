/**
 * API keys and what they have spent. Any `sk-or-v1-` + 64 lowercase hex key is accepted, except
 * keys ending in "dead", which behave like revoked keys. All keys belong to one fake account, so
 * GET /credits sums the spend of every key while GET /key reports one key's own usage.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { errors, FAKE_USER_ID, type ErrorReply } from './errors';
import { seededRandom } from './random';

const KEY_PREFIX = 'sk-or-v1-';
const KEY_PATTERN = /^sk-or-v1-[0-9a-f]{64}$/;
const REVOKED_SUFFIX = 'dead';

export const ACCOUNT_CREDITS = 25;
export const KEY_LIMIT = 10;
const FREE_REQUESTS_PER_DAY = 1000;

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !key.endsWith(REVOKED_SUFFIX);
}

/** Builds a well-formed key at runtime (tests must never hold a key-shaped literal). */
export function fakeKey(kind: 'valid' | 'revoked', seed = 1): string {
  const random = seededRandom(`key:${seed}`);
  let hex = '';
  while (hex.length < 64) hex += random.int(0, 15).toString(16);
  if (kind === 'revoked') return KEY_PREFIX + hex.slice(0, 60) + REVOKED_SUFFIX;
  if (hex.endsWith(REVOKED_SUFFIX)) hex = hex.slice(0, 63) + '0';
  return KEY_PREFIX + hex;
}

/** The key as OpenRouter labels it: "sk-or-v1-" plus the first 3 and last 3 characters. */
export function keyLabel(key: string): string {
  return `${KEY_PREFIX}${key.slice(KEY_PREFIX.length, KEY_PREFIX.length + 3)}...${key.slice(-3)}`;
}

/** The key from `Authorization: Bearer <key>`, or the 401 OpenRouter answers. */
export function authorize(headers: IncomingHttpHeaders): { key: string } | { error: ErrorReply } {
  const header = headers.authorization;
  if (!header) return { error: errors.missingAuth() };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !isValidKey(match[1] as string)) return { error: errors.userNotFound() };
  return { key: match[1] as string };
}

interface Spend {
  at: number;
  cost: number;
  free: boolean;
}

function startOfUtcDay(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Weeks start on Monday, UTC. */
function startOfUtcWeek(now: number): number {
  const day = new Date(now).getUTCDay();
  return startOfUtcDay(now) - ((day + 6) % 7) * 86_400_000;
}

function startOfUtcMonth(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export class Accounts {
  private readonly spends = new Map<string, Spend[]>();

  recordSpend(key: string, cost: number, free: boolean, at = Date.now()): void {
    const list = this.spends.get(key) ?? [];
    list.push({ at, cost, free });
    this.spends.set(key, list);
  }

  private usageSince(key: string, since: number): number {
    let total = 0;
    for (const spend of this.spends.get(key) ?? []) if (spend.at >= since) total += spend.cost;
    return total;
  }

  /** GET /key. Field order follows the documented example; the SDK's newer fields come last. */
  keyResponse(key: string, now = Date.now()): unknown {
    const usage = this.usageSince(key, 0);
    const daily = this.usageSince(key, startOfUtcDay(now));
    const weekly = this.usageSince(key, startOfUtcWeek(now));
    const monthly = this.usageSince(key, startOfUtcMonth(now));
    const freeToday = (this.spends.get(key) ?? []).filter((s) => s.free && s.at >= startOfUtcDay(now)).length;
    return {
      data: {
        label: keyLabel(key),
        limit: KEY_LIMIT,
        limit_remaining: Math.max(0, KEY_LIMIT - usage),
        limit_reset: null,
        include_byok_in_limit: false,
        usage,
        usage_daily: daily,
        usage_weekly: weekly,
        usage_monthly: monthly,
        byok_usage: 0,
        byok_usage_daily: 0,
        byok_usage_weekly: 0,
        byok_usage_monthly: 0,
        is_free_tier: false,
        is_management_key: false,
        is_provisioning_key: false,
        creator_user_id: FAKE_USER_ID,
        expires_at: null,
        rate_limit: { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
        allowed_data_regions: ['global'],
        free_model_daily_requests: {
          limit: FREE_REQUESTS_PER_DAY,
          remaining: Math.max(0, FREE_REQUESTS_PER_DAY - freeToday),
          used: freeToday,
        },
        organization_id: null,
        workspace_id: null,
      },
    };
  }

  /** GET /credits: the whole account. */
  creditsResponse(): unknown {
    let totalUsage = 0;
    for (const list of this.spends.values()) for (const spend of list) totalUsage += spend.cost;
    return { data: { total_credits: ACCOUNT_CREDITS, total_usage: totalUsage } };
  }
}
