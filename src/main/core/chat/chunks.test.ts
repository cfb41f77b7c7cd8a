import { describe, expect, it } from 'vitest';
import { mergeReasoningDetails, readChunk, readUsage, ReasoningDetailsCollector } from './chunks';

describe('reasoning_details merged across chunks', () => {
  it('concatenates the text of pieces with the same index and type, keeping their other fields', () => {
    const pieces = [
      { type: 'reasoning.text', text: 'Let me ', format: 'anthropic-claude-v1', index: 0, signature: null },
      { type: 'reasoning.text', text: 'think.', format: 'anthropic-claude-v1', index: 0 },
      // The signature arrives with the last piece of a block.
      { type: 'reasoning.text', text: '', index: 0, signature: 'sig-abc', id: 'rt-1' },
    ];
    expect(mergeReasoningDetails(pieces)).toEqual([
      {
        type: 'reasoning.text',
        text: 'Let me think.',
        format: 'anthropic-claude-v1',
        index: 0,
        signature: 'sig-abc',
        id: 'rt-1',
      },
    ]);
  });

  it('keeps details of other indexes and types apart, in the order they first came', () => {
    const merged = mergeReasoningDetails([
      { type: 'reasoning.summary', summary: 'Weighed ', format: 'openai-responses-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'eyJ…', format: 'openai-responses-v1', index: 1 },
      { type: 'reasoning.summary', summary: 'options.', index: 0 },
      { type: 'reasoning.text', text: 'Same index, other type', index: 1 },
    ]);
    expect(merged).toEqual([
      { type: 'reasoning.summary', summary: 'Weighed options.', format: 'openai-responses-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'eyJ…', format: 'openai-responses-v1', index: 1 },
      { type: 'reasoning.text', text: 'Same index, other type', index: 1 },
    ]);
  });

  it('never rewrites a field already set, and never concatenates anything but text and summary', () => {
    const merged = mergeReasoningDetails([
      { type: 'reasoning.encrypted', data: 'first', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'second', format: 'unknown', index: 0 },
    ]);
    expect(merged).toEqual([{ type: 'reasoning.encrypted', data: 'first', format: 'google-gemini-v1', index: 0 }]);
  });

  it('keeps pieces without an index as details of their own, and skips what is not an object', () => {
    const collector = new ReasoningDetailsCollector();
    collector.add([{ type: 'reasoning.text', text: 'a' }, null, 'text', [1]]);
    collector.add([{ type: 'reasoning.text', text: 'b' }]);
    collector.add(undefined);
    expect(collector.result()).toEqual([
      { type: 'reasoning.text', text: 'a' },
      { type: 'reasoning.text', text: 'b' },
    ]);
    expect(new ReasoningDetailsCollector().result()).toBeNull();
    expect(mergeReasoningDetails([])).toBeNull();
  });

  it('hands out copies: the stored details do not change as the stream goes on', () => {
    const collector = new ReasoningDetailsCollector();
    const piece = { type: 'reasoning.text', text: 'one', index: 0 };
    collector.add([piece]);
    const early = collector.result();
    collector.add([{ type: 'reasoning.text', text: ' two', index: 0 }]);
    expect(early).toEqual([{ type: 'reasoning.text', text: 'one', index: 0 }]);
    expect(piece.text).toBe('one');
    expect(collector.result()).toEqual([{ type: 'reasoning.text', text: 'one two', index: 0 }]);
  });
});

describe('stream chunks are read leniently', () => {
  it('reads what RouterDesk uses and passes unknown fields and new values', () => {
    const chunk = readChunk({
      id: 'gen-1',
      model: 'm/used',
      provider: 'P',
      object: 'chat.completion.chunk',
      service_tier: 'brand-new-tier',
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: 'Hi', reasoning: null, reasoning_details: [], annotations: [{}] },
          finish_reason: 'some_new_reason',
          native_finish_reason: 'NEW',
        },
      ],
    });
    expect(chunk).toMatchObject({ id: 'gen-1', model: 'm/used', provider: 'P', service_tier: 'brand-new-tier' });
    expect(chunk?.choices[0]).toMatchObject({ finish_reason: 'some_new_reason', delta: { content: 'Hi' } });
  });

  it('treats a field of an unexpected type as absent, and drops only a malformed choice', () => {
    const chunk = readChunk({
      id: 42,
      model: null,
      choices: [
        'not a choice',
        { delta: { content: 7, reasoning: 'thinking' }, finish_reason: 1 },
        { delta: 'nonsense', finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: '12', completion_tokens: 3, cost: 'free' },
    });
    expect(chunk?.id).toBeUndefined();
    expect(chunk?.choices).toHaveLength(2);
    expect(chunk?.choices[0]?.delta).toMatchObject({ reasoning: 'thinking' });
    expect(chunk?.choices[0]?.delta?.content).toBeUndefined();
    expect(chunk?.choices[1]).toMatchObject({ finish_reason: 'stop' });
    expect(readUsage(chunk!.usage!)).toEqual({
      promptTokens: null,
      completionTokens: 3,
      reasoningTokens: null,
      cachedTokens: null,
      cost: null,
    });
  });

  it('reads both real usage shapes and the choices: [] one', () => {
    const usage = {
      prompt_tokens: 10,
      completion_tokens: 20,
      cost: 0.00012,
      prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 5 },
    };
    expect(readUsage(readChunk({ choices: [], usage })!.usage!)).toEqual({
      promptTokens: 10,
      completionTokens: 20,
      reasoningTokens: 5,
      cachedTokens: 4,
      cost: 0.00012,
    });
    // Some providers send usage without cost.
    expect(readUsage(readChunk({ usage: { prompt_tokens: 1, completion_tokens: 2 } })!.usage!).cost).toBeNull();
    expect(readChunk({ choices: null })?.choices).toEqual([]);
  });

  it('gives nothing for a chunk that is not an object', () => {
    expect(readChunk(null)).toBeNull();
    expect(readChunk('data')).toBeNull();
  });
});
