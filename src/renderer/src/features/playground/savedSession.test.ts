import { describe, expect, it } from 'vitest';
import type { AssistantTurn, Turn } from './conversation';
import { RELOADED_NOTE, restoreSession, saveSession, type SavedDraft } from './savedSession';

const draft: SavedDraft = {
  model: 'openai/gpt-5-mini',
  temperature: '0.7',
  maxTokens: '512',
  systemPrompt: 'Be brief.',
  message: 'half-typed',
};

function answer(status: AssistantTurn['status'], content: string, extra: Partial<AssistantTurn> = {}): AssistantTurn {
  return {
    id: `a-${status}`,
    role: 'assistant',
    requestId: `r-${status}`,
    model: 'openai/gpt-5-mini',
    content,
    reasoning: '',
    status,
    done: null,
    error: null,
    usage: null,
    ...extra,
  };
}

describe('saved Playground session', () => {
  it('brings back the turns, the draft, the system prompt and the parameters', () => {
    const turns: Turn[] = [
      { id: 'turn-1', role: 'user', content: 'Hi' },
      answer('done', 'Hello!', { ledgerId: 3 }),
      { id: 'turn-3', role: 'user', content: 'Break' },
      answer('error', '', { error: { code: 'provider_error', message: 'Provider failed.' } }),
    ];
    const restored = restoreSession(saveSession({ turns, draft }));
    expect(restored).toEqual({ turns, draft });
  });

  it('shows an answer that was streaming at the reload as stopped, saying why', () => {
    const turns: Turn[] = [{ id: 'turn-1', role: 'user', content: 'Story' }, answer('streaming', 'Once upon')];
    const restored = restoreSession(saveSession({ turns, draft }))!;
    expect(restored.turns[1]).toMatchObject({ status: 'stopped', content: 'Once upon', note: RELOADED_NOTE });
    expect(RELOADED_NOTE).toMatch(/reloaded/);
  });

  it('ignores nothing saved, unreadable text and another version', () => {
    expect(restoreSession(null)).toBeNull();
    expect(restoreSession('{not json')).toBeNull();
    expect(restoreSession(JSON.stringify({ version: 99, turns: [], draft }))).toBeNull();
  });

  it('drops turns that do not fit and fills missing draft fields with empty text', () => {
    const raw = JSON.stringify({
      version: 1,
      turns: [
        { id: 'turn-1', role: 'user', content: 'kept' },
        { id: 'turn-2', role: 'user' },
        { id: 'turn-3', role: 'assistant', requestId: 'r', status: 'exploded' },
        { id: 'turn-4', role: 'system', content: 'nope' },
        'garbage',
      ],
      draft: { model: 'm/x', temperature: 7 },
    });
    expect(restoreSession(raw)).toEqual({
      turns: [{ id: 'turn-1', role: 'user', content: 'kept' }],
      draft: { model: 'm/x', temperature: '', maxTokens: '', systemPrompt: '', message: '' },
    });
  });
});
