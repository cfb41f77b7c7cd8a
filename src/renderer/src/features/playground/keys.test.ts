import { describe, expect, it } from 'vitest';
import { isSendKey } from './Composer';
import { shortcutFor } from './shortcuts';
import { snippetParts } from './snippet';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
  ({
    key: k,
    code: '',
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    ...extra,
  }) as KeyboardEvent;

describe('isSendKey', () => {
  it('with Enter to send: Enter and Ctrl+Enter send, Shift+Enter is a new line', () => {
    expect(isSendKey(key('Enter'), 'enter')).toBe(true);
    expect(isSendKey(key('Enter', { ctrlKey: true }), 'enter')).toBe(true);
    expect(isSendKey(key('Enter', { shiftKey: true }), 'enter')).toBe(false);
  });

  it('with Ctrl/Cmd+Enter to send: plain Enter is a new line', () => {
    expect(isSendKey(key('Enter'), 'mod-enter')).toBe(false);
    expect(isSendKey(key('Enter', { metaKey: true }), 'mod-enter')).toBe(true);
  });

  it('never sends while an input method is composing', () => {
    expect(isSendKey(key('Enter', { isComposing: true }), 'enter')).toBe(false);
  });
});

describe('shortcutFor', () => {
  it('reads Alt shortcuts from the physical key, so Option on a Mac works', () => {
    expect(shortcutFor(key('®', { altKey: true, code: 'KeyR' }), true)).toBe('regenerate');
    expect(shortcutFor(key('n', { altKey: true, code: 'KeyN' }), false)).toBe('newChat');
    expect(shortcutFor(key('[', { altKey: true, code: 'BracketLeft' }), false)).toBe('alternative-prev');
  });

  it('opens the list with ? only when not typing', () => {
    expect(shortcutFor(key('?'), false)).toBe('showShortcuts');
    expect(shortcutFor(key('?'), true)).toBeNull();
    expect(shortcutFor(key('k', { ctrlKey: true }), true)).toBe('focusSearch');
    expect(shortcutFor(key('Escape'), true)).toBe('stop');
    expect(shortcutFor(key('a'), false)).toBeNull();
  });
});

describe('snippetParts', () => {
  it('splits a search snippet at its match markers', () => {
    expect(snippetParts('the \u0001quick\u0002 fox')).toEqual([
      { text: 'the ', match: false },
      { text: 'quick', match: true },
      { text: ' fox', match: false },
    ]);
  });
});
