/**
 * After a stream ends without its cost (stopped by the user, an error part-way, or a provider
 * whose usage has no `cost`), the billed cost is still knowable: OpenRouter bills what was
 * generated and reports it on GET /generation a few seconds later. This fills those ledger rows
 * in, in the background, on a bounded schedule, and stops at shutdown.
 */
import type { Ledger } from '../ledger/ledger';
import { lookUpGeneration, type GenerationInfo } from '../openrouter/generation';
import type { OpenRouterRest } from '../openrouter/rest';
import type { Logger } from '../rpc';

/** OpenRouter's record typically appears within about 8 s; the last try is about 30 s after the end. */
export const DEFAULT_RECONCILE_DELAYS_MS = [2000, 3000, 5000, 8000, 12000] as const;

/** What a lookup found: called at most once each, never after shutdown. */
export interface ReconcileOutcome {
  /** OpenRouter reported the cost and the ledger row now has it. */
  billed(info: GenerationInfo): void;
  /** No record (after the last try), or the lookup could not be made: the cost stays unknown. */
  missing(): void;
}

export class GenerationReconciler {
  private readonly controller = new AbortController();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      rest: OpenRouterRest;
      ledger: Ledger;
      apiKey: () => string | null;
      delaysMs?: readonly number[];
      log?: Logger;
    },
  ) {}

  /** Looks the generation up and, when OpenRouter reports a cost, writes it to the ledger row. */
  schedule(ledgerId: number, generationId: string, outcome: ReconcileOutcome, delaysMs?: readonly number[]): void {
    if (this.controller.signal.aborted) return;
    const apiKey = this.deps.apiKey();
    if (!apiKey) {
      outcome.missing();
      return;
    }
    const job = lookUpGeneration(this.deps.rest, apiKey, generationId, {
      delaysMs: delaysMs ?? this.deps.delaysMs ?? DEFAULT_RECONCILE_DELAYS_MS,
      signal: this.controller.signal,
    })
      .then((info) => {
        if (this.controller.signal.aborted) return;
        if (!info || info.totalCost === null) {
          this.deps.log?.('info', `ledger: no /generation cost for ${generationId}; it stays unknown`);
          outcome.missing();
          return;
        }
        const updated = this.deps.ledger.reconcile(ledgerId, {
          cost: info.totalCost,
          promptTokens: info.tokensPrompt,
          completionTokens: info.tokensCompletion,
          reasoningTokens: info.reasoningTokens,
          cachedTokens: info.cachedTokens,
          modelUsed: info.model,
          provider: info.providerName,
        });
        if (updated) outcome.billed(info);
      })
      .catch((e: unknown) => {
        if (this.controller.signal.aborted) return;
        this.deps.log?.(
          'warn',
          `ledger: /generation lookup for ${generationId} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
        outcome.missing();
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  /** Stops every lookup; waits for them to notice. */
  async shutdown(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.pending]);
  }
}
