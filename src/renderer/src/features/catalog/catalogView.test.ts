import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '@shared/schemas';
import { testModel } from '../../../test/fixtures';
import { defaultSort, filterRows, nextSort, sortRows, toRows } from './catalogView';

function model(id: string, name: string, extra: Partial<ModelSummary> = {}): ModelSummary {
  return testModel(id, {
    name,
    contextLength: 8192,
    maxCompletionTokens: null,
    supportedParameters: [],
    ...extra,
  });
}

function withPrice(m: ModelSummary, prompt: number, variable = false): ModelSummary {
  return { ...m, pricing: { ...m.pricing, prompt, completion: prompt, variable } };
}

const models = [
  model('qwen/qwen3.8-27b', 'Qwen: Qwen3.8 27B', { created: 300, contextLength: 262_144 }),
  withPrice(model('openrouter/auto', 'Auto Router', { created: 100, contextLength: 2_000_000 }), -1, true),
  withPrice(model('anthropic/claude-sonnet-4.5', 'Anthropic: Claude Sonnet 4.5', { created: 200 }), 0.000003),
  withPrice(model('meta/llama-free:free', 'Meta: Llama (free)', { created: 400, contextLength: null }), 0),
];
const rows = toRows(models);
const ids = (list: readonly { model: ModelSummary }[]) => list.map((r) => r.model.id);

describe('filterRows', () => {
  it('matches the name or the id, ignoring case', () => {
    expect(ids(filterRows(rows, 'CLAUDE'))).toEqual(['anthropic/claude-sonnet-4.5']);
    expect(ids(filterRows(rows, 'openrouter/'))).toEqual(['openrouter/auto']);
    expect(ids(filterRows(rows, 'router'))).toEqual(['openrouter/auto']);
  });

  it('shows everything for an empty or blank query', () => {
    expect(filterRows(rows, '')).toHaveLength(4);
    expect(filterRows(rows, '   ')).toHaveLength(4);
  });

  it('matches every word of the query, in any order', () => {
    expect(ids(filterRows(rows, 'sonnet anthropic'))).toEqual(['anthropic/claude-sonnet-4.5']);
    expect(ids(filterRows(rows, '  qwen   27b '))).toEqual(['qwen/qwen3.8-27b']);
    expect(filterRows(rows, 'claude qwen')).toHaveLength(0);
  });

  it('does not match across the name/id boundary', () => {
    expect(filterRows(rows, '27bqwen')).toHaveLength(0);
  });
});

describe('sortRows', () => {
  it('sorts newest first by default', () => {
    expect(ids(sortRows(rows, defaultSort))).toEqual([
      'meta/llama-free:free',
      'qwen/qwen3.8-27b',
      'anthropic/claude-sonnet-4.5',
      'openrouter/auto',
    ]);
  });

  it('sorts names alphabetically', () => {
    expect(ids(sortRows(rows, { key: 'name', direction: 'ascending' }))[0]).toBe('anthropic/claude-sonnet-4.5');
  });

  it('keeps router prices last whichever way prices are sorted', () => {
    const cheapFirst = ids(sortRows(rows, { key: 'input', direction: 'ascending' }));
    const dearFirst = ids(sortRows(rows, { key: 'input', direction: 'descending' }));
    expect(cheapFirst).toEqual([
      'meta/llama-free:free',
      'qwen/qwen3.8-27b',
      'anthropic/claude-sonnet-4.5',
      'openrouter/auto',
    ]);
    expect(dearFirst).toEqual([
      'anthropic/claude-sonnet-4.5',
      'qwen/qwen3.8-27b',
      'meta/llama-free:free',
      'openrouter/auto',
    ]);
  });

  it('puts models without a context length last', () => {
    const byContext = ids(sortRows(rows, { key: 'context', direction: 'ascending' }));
    expect(byContext[byContext.length - 1]).toBe('meta/llama-free:free');
    expect(byContext[0]).toBe('anthropic/claude-sonnet-4.5');
  });

  it('does not reorder the rows it was given', () => {
    const before = ids(rows);
    sortRows(rows, { key: 'name', direction: 'descending' });
    expect(ids(rows)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('flips the direction when the same column is clicked again', () => {
    expect(nextSort({ key: 'input', direction: 'ascending' }, 'input')).toEqual({
      key: 'input',
      direction: 'descending',
    });
  });

  it('starts names A to Z and numbers biggest first', () => {
    expect(nextSort(defaultSort, 'name')).toEqual({ key: 'name', direction: 'ascending' });
    expect(nextSort(defaultSort, 'context')).toEqual({ key: 'context', direction: 'descending' });
  });
});

describe('toRows', () => {
  it('converts per-token prices to per million and leaves routers unpriced', () => {
    const qwen = toRows([withPrice(model('a/b', 'B'), 0.00000045)])[0]!;
    expect(qwen.inputPerMillion).toBe(0.45);
    expect(rows[1]!.inputPerMillion).toBeNull();
  });
});
