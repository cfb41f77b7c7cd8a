/**
 * After a stream ends without its usage chunk (stopped by the user, or an error part-way), the
 * billed cost is still knowable: OpenRouter bills what was generated and reports it on
 * GET /generation a few seconds later. This fills those ledger rows in, in the background, on a
 * bounded schedule, and stops at shutdown.
 */
import type { Ledger } from '../ledger/ledger';
import { lookUpGeneration } from '../openrouter/generation';
import type { OpenRouterRest } from '../openrouter/rest';
import type { Logger } from '../rpc';

/** OpenRouter's record typically appears within about 8 s; the last try is about 30 s after the end. */
export const DEFAULT_RECONCILE_DELAYS_MS = [2000, 3000, 5000, 8000, 12000] as const;

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

  /** Looks the generation up and, when OpenRouter reports a cost, writes it; `changed` runs then. */
  schedule(ledgerId: number, generationId: string, changed: () => void, delaysMs?: readonly number[]): void {
    const apiKey = this.deps.apiKey();
    if (!apiKey || this.controller.signal.aborted) return;
    const job = lookUpGeneration(this.deps.rest, apiKey, generationId, {
      delaysMs: delaysMs ?? this.deps.delaysMs ?? DEFAULT_RECONCILE_DELAYS_MS,
      signal: this.controller.signal,
    })
      .then((info) => {
        if (!info) {
          this.deps.log?.('info', `ledger: no /generation record for ${generationId} yet; its cost stays unknown`);
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
        if (updated) changed();
      })
      .catch((e: unknown) => {
        if (this.controller.signal.aborted) return;
        this.deps.log?.(
          'warn',
          `ledger: /generation lookup for ${generationId} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  get activeCount(): number {
    return this.pending.size;
  }

  /** Stops every lookup; waits for them to notice. */
  async shutdown(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.pending]);
  }
}
