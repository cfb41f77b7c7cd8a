/**
 * Costs that the stream did not report. A request that was stopped, failed part-way, or went to
 * a provider whose usage has no `cost` is looked up on /generation (the reconciler); when
 * OpenRouter never has it, the cost is estimated from the catalog prices of the model that
 * answered. Either way the ledger row and the stored answer get the figure, and every window is
 * told. A billed figure arriving later (at the next start) replaces an estimate.
 */
import type { EventName, EventPayload } from '@shared/contract';
import type { MessageUsage } from '@shared/conversations';
import type { ModelPricing, ModelSummary } from '@shared/schemas';
import type { ConversationStore } from '../conversations/conversation-store';
import type { Ledger } from '../ledger/ledger';
import type { GenerationInfo } from '../openrouter/generation';
import type { Logger } from '../rpc';
import type { GenerationReconciler } from './reconciler';
import { messagesFromBranch } from './thread';

export type Publish = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface TokenCounts {
  promptTokens: number;
  /** All completion tokens, reasoning included (as usage.completion_tokens counts them). */
  completionTokens: number;
  reasoningTokens: number;
}

/** Lengths of what was sent and received, for requests whose token counts never arrived. */
export interface TextSizes {
  promptChars: number;
  contentChars: number;
  reasoningChars: number;
}

/** About four characters a token: the usual rule of thumb, good enough for an estimate. */
const tokensIn = (chars: number) => Math.ceil(chars / 4);

/**
 * USD for these tokens at the catalog's prices: prompt, answer, reasoning at the internal
 * reasoning price where the model has one (else the completion price), and any per-request fee.
 * Null for routers, whose price depends on the model they pick.
 */
export function estimateCost(pricing: ModelPricing, tokens: TokenCounts): number | null {
  if (pricing.variable) return null;
  const reasoning = Math.min(tokens.reasoningTokens, tokens.completionTokens);
  const answer = tokens.completionTokens - reasoning;
  const reasoningPrice = pricing.internalReasoning > 0 ? pricing.internalReasoning : pricing.completion;
  return (
    tokens.promptTokens * pricing.prompt + answer * pricing.completion + reasoning * reasoningPrice + pricing.request
  );
}

/**
 * The catalog entry for a model id as a request or a stream names it: the routable id
 * ("anthropic/claude-sonnet-4.5"), or the permanent slug streams report
 * ("anthropic/claude-4.5-sonnet-20250929"), where the base model wins over its variants.
 */
export function findModel(models: readonly ModelSummary[], id: string | null): ModelSummary | null {
  if (!id) return null;
  const exact = models.find((m) => m.id === id);
  if (exact) return exact;
  const bySlug = models.filter((m) => m.canonicalSlug === id);
  return bySlug.find((m) => !m.id.includes(':')) ?? bySlug[0] ?? null;
}

/**
 * The catalog entry whose prices a request paid: the model that answered, else the one asked
 * for. A variant shares its base's permanent slug (z-ai/glm-5.2:free streams as the paid model's
 * slug), so the model asked for wins whenever it is the one that answered.
 */
export function pricedModel(
  models: readonly ModelSummary[],
  requested: string,
  used: string | null,
): ModelSummary | null {
  const asked = findModel(models, requested);
  if (asked && (used === null || used === asked.id || used === asked.canonicalSlug)) return asked;
  return findModel(models, used) ?? asked;
}

export interface CostKeeperDeps {
  ledger: Ledger;
  conversations: ConversationStore;
  reconciler: GenerationReconciler;
  /** The catalog as the app has it now. */
  models: () => Promise<readonly ModelSummary[]>;
  publish: Publish;
  log?: Logger;
}

export class CostKeeper {
  private closed = false;

  constructor(private readonly deps: CostKeeperDeps) {}

  /**
   * A request ended without a cost. With a generation id it is looked up (on `delaysMs`, or the
   * reconciler's schedule), and estimated if OpenRouter never has it; without one it is estimated
   * now. `sizes` stands in for token counts the stream never sent.
   */
  settle(ledgerId: number, generationId: string | null, sizes?: TextSizes, delaysMs?: readonly number[]): void {
    if (this.closed) return;
    if (!generationId) {
      this.estimateLater(ledgerId, sizes);
      return;
    }
    this.deps.reconciler.schedule(
      ledgerId,
      generationId,
      {
        billed: (info) => this.safely(ledgerId, () => this.billed(ledgerId, info)),
        missing: () => this.estimateLater(ledgerId, sizes),
      },
      delaysMs,
    );
  }

  /**
   * Writes nothing from now on (the database is about to close); lookups stop with the
   * reconciler. An estimate still waiting for the catalog is not waited for.
   */
  shutdown(): void {
    this.closed = true;
  }

  private billed(ledgerId: number, info: GenerationInfo): void {
    if (this.closed) return;
    const entry = this.deps.ledger.get(ledgerId);
    if (!entry) return;
    this.deps.publish('ledger.changed', { entry });
    const message = this.deps.conversations.messageOfRequest(ledgerId);
    if (!message) return;
    const had = message.usage;
    const usage: MessageUsage = {
      promptTokens: had?.promptTokens ?? info.tokensPrompt,
      completionTokens: had?.completionTokens ?? info.tokensCompletion,
      reasoningTokens: had?.reasoningTokens ?? info.reasoningTokens,
      cachedTokens: had?.cachedTokens ?? info.cachedTokens,
      cost: info.totalCost,
      costSource: 'generation',
    };
    this.updateAnswer(message.id, message.conversationId, {
      usage,
      modelUsed: message.modelUsed ?? info.model,
      provider: message.provider ?? info.providerName,
    });
  }

  private estimateLater(ledgerId: number, sizes: TextSizes | undefined): void {
    if (this.closed) return;
    this.estimate(ledgerId, sizes).catch((e: unknown) => {
      if (!this.closed) this.deps.log?.('warn', `ledger: could not estimate request ${ledgerId}: ${describe(e)}`);
    });
  }

  private async estimate(ledgerId: number, sizes: TextSizes | undefined): Promise<void> {
    const models = await this.deps.models();
    if (this.closed) return;
    const entry = this.deps.ledger.get(ledgerId);
    if (!entry || entry.cost !== null || entry.status === 'pending') return;
    const model = pricedModel(models, entry.modelRequested, entry.modelUsed);
    if (!model) {
      this.deps.log?.('info', `ledger: ${entry.modelUsed ?? entry.modelRequested} is not in the catalog; cost unknown`);
      return;
    }
    const message = this.deps.conversations.messageOfRequest(ledgerId);
    const guess = sizes ?? (message ? this.sizesOf(message.conversationId, message.parentId, message) : undefined);
    // A guess for what was never counted; with nothing counted and nothing to go on, no figure.
    if (entry.promptTokens === null && entry.completionTokens === null && !guess) return;
    const completionTokens =
      entry.completionTokens ?? tokensIn((guess?.contentChars ?? 0) + (guess?.reasoningChars ?? 0));
    const tokens: TokenCounts = {
      promptTokens: entry.promptTokens ?? tokensIn(guess?.promptChars ?? 0),
      completionTokens,
      reasoningTokens:
        entry.reasoningTokens ?? (entry.completionTokens === null ? tokensIn(guess?.reasoningChars ?? 0) : 0),
    };
    const cost = estimateCost(model.pricing, tokens);
    if (cost === null || !this.deps.ledger.estimate(ledgerId, cost)) return;
    const updated = this.deps.ledger.get(ledgerId);
    if (updated) this.deps.publish('ledger.changed', { entry: updated });
    if (!message) return;
    const had = message.usage;
    this.updateAnswer(message.id, message.conversationId, {
      usage: {
        promptTokens: had?.promptTokens ?? entry.promptTokens,
        completionTokens: had?.completionTokens ?? entry.completionTokens,
        reasoningTokens: had?.reasoningTokens ?? entry.reasoningTokens,
        cachedTokens: had?.cachedTokens ?? entry.cachedTokens,
        cost,
        costSource: 'estimated',
      },
    });
  }

  /** What an answer's request sent and got, measured from the stored branch (after a restart). */
  private sizesOf(
    conversationId: number,
    parentId: number | null,
    answer: { content: string; reasoning: string },
  ): TextSizes {
    const sent = messagesFromBranch(this.deps.conversations.branchPath(conversationId, parentId), '');
    return {
      promptChars: sent.reduce((n, m) => n + m.content.length, 0),
      contentChars: answer.content.length,
      reasoningChars: answer.reasoning.length,
    };
  }

  private updateAnswer(
    messageId: number,
    conversationId: number,
    patch: Parameters<ConversationStore['updateMessage']>[1],
  ): void {
    const message = this.deps.conversations.updateMessage(messageId, patch);
    const summary = this.deps.conversations.summary(conversationId);
    // A conversation in the bin changed too, but no window shows it.
    if (!summary) return;
    this.deps.publish('message.changed', { message });
    this.deps.publish('conversations.changed', { conversationId, summary });
  }

  private safely(ledgerId: number, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.deps.log?.('warn', `ledger: could not show the cost of request ${ledgerId}: ${describe(e)}`);
    }
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
