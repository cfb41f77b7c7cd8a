/**
 * The request ledger: one row per API request, written as 'pending' before the request is sent
 * and moved to exactly one terminal state when it ends, so a crash leaves a visible trace.
 */
import type Database from 'better-sqlite3';
import type { DaySpend, LedgerEntry, LedgerStatus, LedgerSummary } from '@shared/schemas';
import { AppError } from '@shared/errors';
import { redactApiKeys } from '../store/no-secrets';
import { daysEndingOn, localDayOf } from '@shared/days';

const DAY_MS = 86_400_000;
const MAX_DAYS = 3660;

export interface StartInput {
  requestId: string;
  origin: string;
  modelRequested: string;
  params?: unknown;
  conversationId?: number | null;
  streamed?: boolean;
  startedAt?: number;
}

export interface FinishOutcome {
  status: 'ok' | 'error' | 'cancelled';
  modelUsed?: string | null;
  provider?: string | null;
  generationId?: string | null;
  finishReason?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  reasoningTokens?: number | null;
  cachedTokens?: number | null;
  /** USD as billed (usage.cost); stored at full precision. */
  cost?: number | null;
  ttftMs?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  endedAt?: number;
}

const TERMINAL: ReadonlySet<string> = new Set(['ok', 'error', 'cancelled']);
const STATUSES: readonly LedgerStatus[] = ['pending', 'ok', 'error', 'cancelled', 'interrupted'];

const ENTRY_COLUMNS = `
  id, request_id AS requestId, started_at AS startedAt, ended_at AS endedAt, origin,
  model_requested AS modelRequested, model_used AS modelUsed, provider, generation_id AS generationId,
  status, finish_reason AS finishReason, prompt_tokens AS promptTokens,
  completion_tokens AS completionTokens, reasoning_tokens AS reasoningTokens,
  cached_tokens AS cachedTokens, cost, cost_source AS costSource, ttft_ms AS ttftMs, duration_ms AS durationMs,
  error_code AS errorCode, error_message AS errorMessage`;

const INTERRUPTED_MESSAGE =
  'RouterDesk closed while this request was running, so its result and cost were not recorded. ' +
  'Check your OpenRouter activity page for what it cost.';

export interface LedgerOptions {
  /**
   * Names the running process that writes through this ledger (the core uses
   * `${hostname}/${pid}/${startedAtMs}`). Several processes can share one database file; the
   * owner lets each one tell its own pending requests from another live process's.
   */
  owner?: string;
}

export class Ledger {
  private readonly owner: string | null;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
    opts: LedgerOptions = {},
  ) {
    if (opts.owner !== undefined && opts.owner.trim() === '') {
      throw new AppError('internal', 'A ledger owner must be a non-empty name for the running process.');
    }
    this.owner = opts.owner ?? null;
  }

  /** Records a request about to be sent; returns its ledger id. */
  start(input: StartInput): number {
    if (!input.requestId) throw new AppError('invalid_input', 'A request needs a request id to be recorded.');
    const params = input.params === undefined ? null : JSON.stringify(input.params);
    try {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO requests (request_id, started_at, origin, model_requested, status, streamed,
                                 conversation_id, params_json, owner)
           VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
        )
        .run(
          input.requestId,
          input.startedAt ?? this.now(),
          input.origin,
          input.modelRequested,
          input.streamed === undefined ? null : input.streamed ? 1 : 0,
          input.conversationId ?? null,
          params === null ? null : redactApiKeys(params),
          this.owner,
        );
      return Number(lastInsertRowid);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new AppError(
          'invalid_input',
          `A request with id ${input.requestId} is already in the ledger. Start each request with a new id.`,
        );
      }
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError(
          'invalid_input',
          `Conversation ${String(input.conversationId)} no longer exists, so the request cannot be filed under it.`,
        );
      }
      throw e;
    }
  }

  /**
   * Moves a pending request to its one terminal state. Returns false (and changes nothing) when
   * the row is unknown or already finished, so a late second outcome cannot overwrite the first.
   */
  finish(id: number, outcome: FinishOutcome): boolean {
    if (!TERMINAL.has(outcome.status)) {
      throw new AppError('invalid_input', `"${String(outcome.status)}" is not a way a request can end.`);
    }
    const cost = outcome.cost ?? null;
    const errorMessage = outcome.errorMessage == null ? null : redactApiKeys(outcome.errorMessage);
    const result = this.db
      .prepare(
        `UPDATE requests SET
           status = @status, ended_at = @endedAt, duration_ms = max(0, @endedAt - started_at),
           model_used = @modelUsed, provider = @provider, generation_id = @generationId,
           finish_reason = @finishReason, prompt_tokens = @promptTokens,
           completion_tokens = @completionTokens, reasoning_tokens = @reasoningTokens,
           cached_tokens = @cachedTokens, cost = @cost,
           cost_source = CASE WHEN @cost IS NULL THEN NULL ELSE 'usage' END,
           ttft_ms = @ttftMs, error_code = @errorCode, error_message = @errorMessage
         WHERE id = @id AND status = 'pending'`,
      )
      .run({
        id,
        status: outcome.status,
        endedAt: outcome.endedAt ?? this.now(),
        modelUsed: outcome.modelUsed ?? null,
        provider: outcome.provider ?? null,
        generationId: outcome.generationId ?? null,
        finishReason: outcome.finishReason ?? null,
        promptTokens: outcome.promptTokens ?? null,
        completionTokens: outcome.completionTokens ?? null,
        reasoningTokens: outcome.reasoningTokens ?? null,
        cachedTokens: outcome.cachedTokens ?? null,
        cost,
        ttftMs: outcome.ttftMs ?? null,
        errorCode: outcome.errorCode ?? null,
        errorMessage,
      });
    return result.changes === 1;
  }

  /**
   * Records the generation id as soon as OpenRouter names it (response headers), so a request
   * that never finishes (a crash, a killed process) can still have its cost looked up later.
   */
  noteGeneration(id: number, generationId: string): void {
    this.db
      .prepare(`UPDATE requests SET generation_id = ? WHERE id = ? AND status = 'pending' AND generation_id IS NULL`)
      .run(generationId, id);
  }

  /**
   * Ended requests with a generation id whose billed cost is not known yet (none, or only an
   * estimate), newest first: candidates for /generation.
   */
  unbilled(opts: { since: number; limit: number }): Array<{ id: number; generationId: string }> {
    return this.db
      .prepare<[number, number], { id: number; generationId: string }>(
        `SELECT id, generation_id AS generationId FROM requests
         WHERE status <> 'pending' AND (cost IS NULL OR cost_source = 'estimate')
           AND generation_id IS NOT NULL AND started_at >= ?
         ORDER BY started_at DESC LIMIT ?`,
      )
      .all(opts.since, opts.limit);
  }

  /**
   * A cost worked out from catalog prices, for a finished request OpenRouter reported no cost for
   * (cost_source 'estimate'). Only fills a row without a cost; a billed figure from
   * /generation replaces it later. Returns whether the row changed.
   */
  estimate(id: number, cost: number): boolean {
    if (!Number.isFinite(cost) || cost < 0) {
      throw new AppError('invalid_input', 'An estimated cost must be a number of USD, zero or more.');
    }
    const result = this.db
      .prepare(
        `UPDATE requests SET cost = ?, cost_source = 'estimate'
         WHERE id = ? AND status <> 'pending' AND cost IS NULL`,
      )
      .run(cost, id);
    return result.changes === 1;
  }

  /**
   * Fills in what OpenRouter billed, from GET /generation, for a finished request whose stream
   * ended before the usage chunk (stopped, or failed part-way) or whose usage had no cost. A cost
   * taken from the usage chunk is never replaced; an estimate is. Returns whether the row changed.
   */
  reconcile(
    id: number,
    billed: {
      cost: number | null;
      promptTokens: number | null;
      completionTokens: number | null;
      reasoningTokens: number | null;
      cachedTokens: number | null;
      modelUsed: string | null;
      provider: string | null;
    },
  ): boolean {
    if (billed.cost === null) return false;
    const result = this.db
      .prepare(
        `UPDATE requests SET
           cost = @cost, cost_source = 'generation',
           prompt_tokens = coalesce(prompt_tokens, @promptTokens),
           completion_tokens = coalesce(completion_tokens, @completionTokens),
           reasoning_tokens = coalesce(reasoning_tokens, @reasoningTokens),
           cached_tokens = coalesce(cached_tokens, @cachedTokens),
           model_used = coalesce(model_used, @modelUsed),
           provider = coalesce(provider, @provider)
         WHERE id = @id AND status <> 'pending' AND (cost IS NULL OR cost_source = 'estimate')`,
      )
      .run({ id, ...billed });
    return result.changes === 1;
  }

  /**
   * At shutdown: this ledger's own pending requests become 'interrupted'. Requests another
   * process sharing the file is still running are left to it. A ledger without an owner (a single
   * process, or a caller from before owners existed) marks every pending request.
   */
  markInterrupted(reason?: string): number {
    return this.db
      .prepare(
        `UPDATE requests SET status = 'interrupted', error_code = 'interrupted', error_message = @reason
         WHERE status = 'pending' AND (@owner IS NULL OR owner = @owner)`,
      )
      .run({ reason: reason ?? INTERRUPTED_MESSAGE, owner: this.owner }).changes;
  }

  /**
   * At startup: pending requests left by a process that is gone become 'interrupted'. A row is
   * abandoned when it has no owner (written before owners existed) or when `isOwnerAlive` says
   * its owner is no longer running; rows of live owners (another window or the web host still
   * streaming) stay pending so their own `finish` still records the result and cost.
   * `isOwnerAlive` is asked once per distinct owner; this ledger's own owner counts as alive.
   */
  recoverAbandoned(isOwnerAlive: (owner: string) => boolean, reason?: string): number {
    return this.db
      .transaction(() => {
        const owners = this.db
          .prepare<[], { owner: string }>(
            `SELECT DISTINCT owner FROM requests WHERE status = 'pending' AND owner IS NOT NULL`,
          )
          .all()
          .map((r) => r.owner);
        const dead = owners.filter((owner) => owner !== this.owner && !isOwnerAlive(owner));
        return this.db
          .prepare(
            `UPDATE requests SET status = 'interrupted', error_code = 'interrupted', error_message = @reason
             WHERE status = 'pending'
               AND (owner IS NULL OR owner IN (SELECT value FROM json_each(@dead)))`,
          )
          .run({ reason: reason ?? INTERRUPTED_MESSAGE, dead: JSON.stringify(dead) }).changes;
      })
      .immediate();
  }

  /** Newest first; pass the last id seen as `beforeId` for the next page. */
  list(opts: { limit: number; beforeId?: number }): LedgerEntry[] {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) {
      throw new AppError('invalid_input', 'The number of ledger rows to show must be a whole number above zero.');
    }
    return this.db
      .prepare<[number | null, number | null, number], LedgerEntry>(
        `SELECT ${ENTRY_COLUMNS} FROM requests WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(opts.beforeId ?? null, opts.beforeId ?? null, opts.limit);
  }

  get(id: number): LedgerEntry | null {
    return this.db.prepare<[number], LedgerEntry>(`SELECT ${ENTRY_COLUMNS} FROM requests WHERE id = ?`).get(id) ?? null;
  }

  summary(): LedgerSummary {
    const totals = this.db
      .prepare<[], { totalCost: number; requests: number }>(
        'SELECT COALESCE(SUM(cost), 0) AS totalCost, COUNT(*) AS requests FROM requests',
      )
      .get() ?? { totalCost: 0, requests: 0 };
    const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    const rows = this.db
      .prepare<[], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM requests GROUP BY status')
      .all();
    for (const row of rows) byStatus[row.status] = row.n;
    return { totalCost: totals.totalCost, requests: totals.requests, byStatus };
  }

  /**
   * Spend per local calendar day in `timeZone`, for the last `days` days including today, oldest
   * first, with days without requests included as zeros.
   */
  spendByDay(opts: { days: number; timeZone: string; now?: number }): DaySpend[] {
    if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > MAX_DAYS) {
      throw new AppError('invalid_input', `The number of days must be a whole number from 1 to ${MAX_DAYS}.`);
    }
    const dayOf = localDayOf(opts.timeZone);
    const now = opts.now ?? this.now();
    const buckets = new Map<string, DaySpend>();
    for (const day of daysEndingOn(dayOf(now), opts.days)) {
      buckets.set(day, { day, cost: 0, requests: 0, promptTokens: 0, completionTokens: 0 });
    }

    // SQL only narrows the window (a day of slack each side covers any UTC offset); which local
    // day a request belongs to is decided here, in the viewer's zone.
    const rows = this.db
      .prepare<
        [number, number],
        { startedAt: number; cost: number | null; promptTokens: number | null; completionTokens: number | null }
      >(
        `SELECT started_at AS startedAt, cost, prompt_tokens AS promptTokens, completion_tokens AS completionTokens
         FROM requests WHERE started_at >= ? AND started_at < ?`,
      )
      .iterate(now - (opts.days + 1) * DAY_MS, now + 2 * DAY_MS);
    for (const row of rows) {
      const bucket = buckets.get(dayOf(row.startedAt));
      if (!bucket) continue;
      bucket.cost += row.cost ?? 0;
      bucket.requests += 1;
      bucket.promptTokens += row.promptTokens ?? 0;
      bucket.completionTokens += row.completionTokens ?? 0;
    }
    return [...buckets.values()];
  }
}
