import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelPricing } from '@shared/schemas';
import { parseModelsResponse } from '../catalog/parse';
import { ConversationStore } from '../conversations/conversation-store';
import { Ledger } from '../ledger/ledger';
import { OpenRouterRest } from '../openrouter/rest';
import { openDatabase } from '../store/database';
import { CostKeeper, estimateCost, findModel, pricedModel, type Publish } from './costs';
import { GenerationReconciler } from './reconciler';

const models = parseModelsResponse(
  JSON.parse(readFileSync(join(__dirname, '../../../fake-openrouter/data/models-2026-08.json'), 'utf8')),
).models;

const pricing = (p: Partial<ModelPricing>): ModelPricing => ({
  prompt: 0,
  completion: 0,
  request: 0,
  image: 0,
  webSearch: 0,
  internalReasoning: 0,
  inputCacheRead: 0,
  inputCacheWrite: 0,
  audio: 0,
  variable: false,
  ...p,
});

describe('estimated costs from catalog prices', () => {
  it('prices prompt and completion tokens', () => {
    const sonnet = findModel(models, 'anthropic/claude-sonnet-4.5')!;
    const cost = estimateCost(sonnet.pricing, { promptTokens: 1000, completionTokens: 200, reasoningTokens: 0 });
    expect(cost).toBeCloseTo(1000 * 0.000003 + 200 * 0.000015, 15);
  });

  it('prices reasoning at the internal reasoning price where there is one, else as completion', () => {
    const p = pricing({ prompt: 0.000001, completion: 0.00001, internalReasoning: 0.00002 });
    expect(estimateCost(p, { promptTokens: 10, completionTokens: 50, reasoningTokens: 20 })).toBeCloseTo(
      10 * 0.000001 + 30 * 0.00001 + 20 * 0.00002,
      15,
    );
    const plain = pricing({ completion: 0.00001 });
    expect(estimateCost(plain, { promptTokens: 0, completionTokens: 50, reasoningTokens: 20 })).toBeCloseTo(
      50 * 0.00001,
      15,
    );
    // More reasoning than completion tokens (a provider miscounting) never prices negative tokens.
    expect(estimateCost(plain, { promptTokens: 0, completionTokens: 5, reasoningTokens: 9 })).toBeCloseTo(
      5 * 0.00001,
      15,
    );
  });

  it('adds the per-request fee, and has no price for routers', () => {
    expect(
      estimateCost(pricing({ request: 0.005 }), { promptTokens: 1, completionTokens: 1, reasoningTokens: 0 }),
    ).toBe(0.005);
    const auto = findModel(models, 'openrouter/auto')!;
    expect(estimateCost(auto.pricing, { promptTokens: 100, completionTokens: 100, reasoningTokens: 0 })).toBeNull();
    expect(
      estimateCost(findModel(models, 'liquid/lfm-2.5-2.6b:free')!.pricing, {
        promptTokens: 100,
        completionTokens: 100,
        reasoningTokens: 0,
      }),
    ).toBe(0);
  });

  it('finds a model by the id requested or by the permanent slug a stream reports, the base before its variants', () => {
    expect(findModel(models, 'anthropic/claude-sonnet-4.5')?.id).toBe('anthropic/claude-sonnet-4.5');
    expect(findModel(models, 'anthropic/claude-4.5-sonnet-20250929')?.id).toBe('anthropic/claude-sonnet-4.5');
    // z-ai/glm-5.2 and its :free variant share one permanent slug.
    expect(findModel(models, 'z-ai/glm-5.2-20260616')?.id).toBe('z-ai/glm-5.2');
    expect(findModel(models, 'acme/unknown')).toBeNull();
    expect(findModel(models, null)).toBeNull();
  });

  it('prices a request at the model asked for when that one answered, variants included', () => {
    // A free variant streams its base's slug: it must not be priced as the paid model.
    expect(pricedModel(models, 'z-ai/glm-5.2:free', 'z-ai/glm-5.2-20260616')?.id).toBe('z-ai/glm-5.2:free');
    expect(pricedModel(models, 'z-ai/glm-5.2', 'z-ai/glm-5.2-20260616')?.id).toBe('z-ai/glm-5.2');
    // A router, or a fallback, answered with another model: that one's prices.
    expect(pricedModel(models, 'openrouter/auto', 'anthropic/claude-4.5-sonnet-20250929')?.id).toBe(
      'anthropic/claude-sonnet-4.5',
    );
    // Nothing reported who answered: the model asked for.
    expect(pricedModel(models, 'anthropic/claude-sonnet-4.5', null)?.id).toBe('anthropic/claude-sonnet-4.5');
    expect(pricedModel(models, 'anthropic/claude-sonnet-4.5', 'acme/gone')?.id).toBe('anthropic/claude-sonnet-4.5');
  });
});

describe('a request that ended without a cost or a generation id', () => {
  it('is estimated at once from the text it sent and got, on the ledger row and the stored answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routerdesk-costs-'));
    const { db } = openDatabase(join(dir, 'routerdesk.db'));
    try {
      const ledger = new Ledger(db);
      const conversations = new ConversationStore(db);
      // Never asked: there is no generation id to look up.
      const rest = new OpenRouterRest({
        baseUrl: () => 'http://127.0.0.1:9/api/v1',
        fetch: () => Promise.reject(new Error('no lookups expected')),
      });
      const reconciler = new GenerationReconciler({ rest, ledger, apiKey: () => 'unused' });
      const events: Array<{ name: string; payload: unknown }> = [];
      const publish: Publish = (name, payload) => events.push({ name, payload });
      const costs = new CostKeeper({ ledger, conversations, reconciler, models: async () => models, publish });

      const conv = conversations.create({});
      const question = conversations.addMessage(conv.id, { parentId: null, role: 'user', content: 'q' });
      const ledgerId = ledger.start({
        requestId: 'r1',
        origin: 'playground',
        modelRequested: 'anthropic/claude-sonnet-4.5',
        conversationId: conv.id,
      });
      const answer = conversations.addMessage(conv.id, {
        parentId: question.id,
        role: 'assistant',
        content: 'a'.repeat(80),
        status: 'stopped',
        ledgerId,
      });
      ledger.finish(ledgerId, { status: 'cancelled' });

      costs.settle(ledgerId, null, { promptChars: 400, contentChars: 80, reasoningChars: 0 });
      await expect.poll(() => ledger.get(ledgerId)?.costSource).toBe('estimate');
      const expected = 100 * 0.000003 + 20 * 0.000015;
      expect(ledger.get(ledgerId)?.cost).toBeCloseTo(expected, 15);
      // Token counts stay unknown: only the cost is a guess, and it says so.
      expect(conversations.getMessage(answer.id)?.usage).toEqual({
        promptTokens: null,
        completionTokens: null,
        reasoningTokens: null,
        cachedTokens: null,
        cost: ledger.get(ledgerId)?.cost,
        costSource: 'estimated',
      });
      expect(events.map((e) => e.name)).toEqual(['ledger.changed', 'message.changed', 'conversations.changed']);
      expect(conversations.summary(conv.id)?.totalCost).toBeCloseTo(expected, 15);

      // After shutdown nothing more is written.
      const later = ledger.start({
        requestId: 'r2',
        origin: 'playground',
        modelRequested: 'anthropic/claude-sonnet-4.5',
      });
      ledger.finish(later, { status: 'cancelled' });
      costs.shutdown();
      costs.settle(later, null, { promptChars: 400, contentChars: 80, reasoningChars: 0 });
      await new Promise((r) => setTimeout(r, 50));
      expect(ledger.get(later)?.cost).toBeNull();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
