import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { fileNameFor, formatUsd, parseExport } from './conversation-files';

describe('fileNameFor', () => {
  it('keeps a readable title and drops what file systems refuse', () => {
    expect(fileNameFor('Tea notes', 'md')).toBe('Tea notes.md');
    expect(fileNameFor('a/b\\c:d*e?f"g<h>i|j', 'json')).toBe('a b c d e f g h i j.json');
    expect(fileNameFor('..hidden\u0000name', 'md')).toBe('hidden name.md');
    expect(fileNameFor('   ', 'md')).toBe('conversation.md');
    expect(fileNameFor('x'.repeat(300), 'md')).toBe(`${'x'.repeat(80)}.md`);
  });
});

describe('formatUsd', () => {
  it('shows fractions of a cent without trailing zeros', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.000321)).toBe('$0.000321');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.05)).toBe('$0.05');
    expect(formatUsd(0.5)).toBe('$0.5');
    expect(formatUsd(12.3456)).toBe('$12.35');
    expect(formatUsd(0.0000000123)).toBe('$0.0000000123');
  });
});

describe('parseExport', () => {
  const file = (conversation: unknown) =>
    JSON.stringify({ format: 'routerdesk.conversation', version: 1, conversation });

  it('fills in what a hand-written file leaves out, and orders parents before children', () => {
    const parsed = parseExport(
      file({
        title: ' Hand made ',
        createdAt: 5,
        messages: [
          { id: 9, parentId: 3, role: 'assistant', content: 'Hello!', createdAt: 7 },
          { id: 3, parentId: null, role: 'user', content: 'Hi', createdAt: 6 },
        ],
      }),
    );
    expect(parsed).toMatchObject({
      title: 'Hand made',
      titleSource: 'none',
      pinned: false,
      settings: { model: '', params: {}, systemPrompt: '' },
      activeLeafId: null,
    });
    expect(parsed.messages.map((m) => m.id)).toEqual([3, 9]);
    expect(parsed.messages[1]).toMatchObject({ reasoning: '', status: 'done', usage: null, params: null });
  });

  it('refuses parameters RouterDesk would not send', () => {
    let error: unknown;
    try {
      parseExport(file({ createdAt: 1, settings: { params: { temperature: 9 } }, messages: [] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /^That export is damaged: conversation\.settings\.params\.temperature: .*Nothing was changed\.$/,
    );
  });
});
