import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '@shared/conversations';
import { messagesFromBranch } from './thread';

let nextId = 1;
function message(
  role: 'user' | 'assistant',
  content: string,
  parent: StoredMessage | null,
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  const id = nextId++;
  return {
    id,
    conversationId: 1,
    parentId: parent?.id ?? null,
    role,
    content,
    reasoning: '',
    reasoningDetails: null,
    model: role === 'assistant' ? 'm/x' : null,
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
    createdAt: id,
    ...extra,
  };
}

describe('the messages a thread request sends', () => {
  it('puts the system prompt first, then the branch in order', () => {
    const u1 = message('user', 'Hi', null);
    const a1 = message('assistant', 'Hello!', u1);
    const u2 = message('user', 'How are you?', a1);
    expect(messagesFromBranch([u1, a1, u2], 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'How are you?' },
    ]);
    expect(messagesFromBranch([u1], '   ')).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('sends reasoning_details back unmodified, and none for answers without them', () => {
    const details = [
      { type: 'reasoning.text', text: 'Think', signature: 'sig', format: 'anthropic-claude-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'xyz', format: 'anthropic-claude-v1', index: 1 },
    ];
    const u1 = message('user', 'Q', null);
    const a1 = message('assistant', 'A', u1, { reasoning: 'Think', reasoningDetails: details });
    const u2 = message('user', 'Q2', a1);
    const a2 = message('assistant', 'A2', u2, { reasoningDetails: [] });
    const u3 = message('user', 'Q3', a2);
    const sent = messagesFromBranch([u1, a1, u2, a2, u3], '');
    expect(sent[1]).toEqual({ role: 'assistant', content: 'A', reasoning_details: details });
    expect(sent[1]!.reasoning_details).toBe(details);
    expect(sent[3]).toEqual({ role: 'assistant', content: 'A2' });
  });

  it('leaves out an answer that failed with no text, and the question it answered', () => {
    const u1 = message('user', 'x', null);
    const failed = message('assistant', '', u1, {
      status: 'error',
      error: { code: 'unauthorized', message: 'OpenRouter rejected the API key.' },
    });
    const u2 = message('user', 'Again', failed);
    expect(messagesFromBranch([u1, failed, u2], 'Sys')).toEqual([
      { role: 'system', content: 'Sys' },
      { role: 'user', content: 'Again' },
    ]);
  });

  it('leaves out an answer stopped before its first word the same way, whitespace counting as none', () => {
    const u1 = message('user', 'x', null);
    const stopped = message('assistant', '  \n', u1, { status: 'stopped', reasoning: 'half a thought' });
    const u2 = message('user', 'y', stopped);
    expect(messagesFromBranch([u1, stopped, u2], '')).toEqual([{ role: 'user', content: 'y' }]);
  });

  it('keeps the partial text of answers that were stopped, interrupted or failed part-way', () => {
    const u1 = message('user', 'q1', null);
    const stopped = message('assistant', 'Half an', u1, { status: 'stopped' });
    const u2 = message('user', 'q2', stopped);
    const interrupted = message('assistant', 'Cut', u2, { status: 'interrupted' });
    const u3 = message('user', 'q3', interrupted);
    const broke = message('assistant', 'Broke off', u3, {
      status: 'error',
      error: { code: 'network', message: 'The connection broke.' },
    });
    const u4 = message('user', 'q4', broke);
    expect(messagesFromBranch([u1, stopped, u2, interrupted, u3, broke, u4], '').map((m) => m.content)).toEqual([
      'q1',
      'Half an',
      'q2',
      'Cut',
      'q3',
      'Broke off',
      'q4',
    ]);
  });

  it('an empty answer under the first answer drops only its own question', () => {
    const u1 = message('user', 'q1', null);
    const a1 = message('assistant', 'a1', u1);
    const u2 = message('user', 'q2', a1);
    const failed = message('assistant', '', u2, { status: 'error' });
    const u3 = message('user', 'q3', failed);
    expect(messagesFromBranch([u1, a1, u2, failed, u3], '').map((m) => m.content)).toEqual(['q1', 'a1', 'q3']);
  });
});
