/** Catalog models and stored messages for renderer tests, built through the real schemas. */
import { StoredMessage } from '@shared/conversations';
import { ModelSummary } from '@shared/schemas';

export function testModel(id: string, extra: Partial<ModelSummary> = {}): ModelSummary {
  return ModelSummary.parse({
    id,
    canonicalSlug: id,
    name: id,
    author: id.split('/')[0] ?? '',
    created: 1_700_000_000,
    description: '',
    contextLength: 128_000,
    maxCompletionTokens: 16_000,
    inputModalities: ['text'],
    outputModalities: ['text'],
    tokenizer: null,
    pricing: {
      prompt: 0.000001,
      completion: 0.000002,
      request: 0,
      image: 0,
      webSearch: 0,
      internalReasoning: 0,
      inputCacheRead: 0,
      inputCacheWrite: 0,
      audio: 0,
      variable: false,
    },
    supportedParameters: ['temperature', 'max_tokens', 'stop', 'seed'],
    isModerated: false,
    reasoning: null,
    defaultParameters: {},
    knowledgeCutoff: null,
    expirationDate: null,
    ...extra,
  });
}

let clock = 1_000;

export function testMessage(
  id: number,
  parentId: number | null,
  role: 'user' | 'assistant',
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  return StoredMessage.parse({
    id,
    conversationId: 1,
    parentId,
    role,
    content: `${role} ${id}`,
    reasoning: '',
    reasoningDetails: null,
    model: role === 'assistant' ? 'openai/gpt-5-mini' : null,
    modelUsed: null,
    provider: null,
    params: null,
    status: 'done',
    error: null,
    usage: null,
    finishReason: null,
    ttftMs: null,
    durationMs: null,
    ledgerId: null,
    requestId: null,
    createdAt: clock++,
    ...extra,
  });
}
