import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '@shared/schemas';
import { pickDefaultModel, PREFERRED_DEFAULTS } from './defaultModel';
import { pickerOptions, recentModels } from './modelSearch';

const m = (id: string, name: string, extra: Partial<ModelSummary> = {}) =>
  ({
    id,
    name,
    inputModalities: ['text'],
    outputModalities: ['text'],
    pricing: { prompt: 0.000001, completion: 0.000002, variable: false },
    contextLength: 128_000,
    expirationDate: null,
    ...extra,
  }) as ModelSummary;

const models = [
  m('openai/gpt-5-mini', 'OpenAI: GPT-5 Mini'),
  m('anthropic/claude-sonnet-4.5', 'Anthropic: Claude Sonnet 4.5'),
  m('mistralai/mini-mistral', 'Mistral: Mini'),
  m('google/gemini-2.5-flash', 'Google: Gemini 2.5 Flash'),
];

describe('pickerOptions', () => {
  it('puts recent models first, then the best matches', () => {
    const ids = pickerOptions(models, '', ['google/gemini-2.5-flash']).map((o) => o.model.id);
    expect(ids[0]).toBe('google/gemini-2.5-flash');
    expect(pickerOptions(models, 'mini', []).map((o) => o.model.id)).toEqual([
      'mistralai/mini-mistral',
      'openai/gpt-5-mini',
      'google/gemini-2.5-flash',
    ]);
  });

  it('matches every word, in name or id', () => {
    expect(pickerOptions(models, 'claude 4.5', []).map((o) => o.model.id)).toEqual(['anthropic/claude-sonnet-4.5']);
    expect(pickerOptions(models, 'claude gpt', [])).toEqual([]);
    expect(pickerOptions(models, 'gemini (', []).length).toBe(0);
  });
});

describe('recentModels', () => {
  it('lists the models of the newest conversations without repeats', () => {
    const list = [
      { model: 'a', updatedAt: 1 },
      { model: 'b', updatedAt: 3 },
      { model: 'a', updatedAt: 2 },
      { model: '', updatedAt: 4 },
    ];
    expect(recentModels(list)).toEqual(['b', 'a']);
  });
});

describe('pickDefaultModel', () => {
  it("keeps the user's own choice", () => {
    expect(pickDefaultModel(models, 'x/y')).toBe('x/y');
  });

  it('takes the first preferred model the catalog has, skipping expiring ones', () => {
    expect(pickDefaultModel(models)).toBe(PREFERRED_DEFAULTS[0]);
    const expiring = [m('openai/gpt-5-mini', 'x', { expirationDate: '2026-01-01' }), ...models.slice(1)];
    expect(pickDefaultModel(expiring)).toBe('google/gemini-2.5-flash');
  });

  it('otherwise picks the cheapest paid text model with a useful context', () => {
    const others = [
      m('a/free', 'Free', { pricing: { prompt: 0, completion: 0, variable: false } as ModelSummary['pricing'] }),
      m('a/pricey', 'Pricey', {
        pricing: { prompt: 0.00001, completion: 0.00003, variable: false } as ModelSummary['pricing'],
      }),
      m('a/cheap', 'Cheap', {
        pricing: { prompt: 0.0000001, completion: 0.0000002, variable: false } as ModelSummary['pricing'],
      }),
    ];
    expect(pickDefaultModel(others)).toBe('a/cheap');
  });
});
