import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('turns an https address into a link and leaves the sentence around it as text', () => {
    expect(linkify('Add credits at https://openrouter.ai/settings/credits and try again.')).toEqual([
      { text: 'Add credits at ' },
      { text: 'https://openrouter.ai/settings/credits', href: 'https://openrouter.ai/settings/credits' },
      { text: ' and try again.' },
    ]);
  });

  it('keeps the full stop or parenthesis after an address out of the link', () => {
    expect(linkify('See https://openrouter.ai/docs.')).toEqual([
      { text: 'See ' },
      { text: 'https://openrouter.ai/docs', href: 'https://openrouter.ai/docs' },
      { text: '.' },
    ]);
    expect(linkify('(https://openrouter.ai/models)').map((p) => p.text)).toEqual([
      '(',
      'https://openrouter.ai/models',
      ')',
    ]);
  });

  it('links a bare openrouter.ai address over https', () => {
    expect(linkify('create a new one at openrouter.ai/settings/keys.')).toEqual([
      { text: 'create a new one at ' },
      { text: 'openrouter.ai/settings/keys', href: 'https://openrouter.ai/settings/keys' },
      { text: '.' },
    ]);
  });

  it('never makes links of http:, javascript: or other schemes', () => {
    for (const message of [
      'Go to http://example.com/x now',
      'Click javascript:alert(1) please',
      'Try ftp://files.example.com',
      'data:text/html,<b>hi</b>',
    ]) {
      expect(linkify(message)).toEqual([{ text: message }]);
    }
  });

  it('returns plain text untouched and handles several links', () => {
    expect(linkify('Nothing to see.')).toEqual([{ text: 'Nothing to see.' }]);
    const parts = linkify('https://a.example/1, then https://b.example/2');
    expect(parts.filter((p) => 'href' in p).map((p) => ('href' in p ? p.href : ''))).toEqual([
      'https://a.example/1',
      'https://b.example/2',
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('https://a.example/1, then https://b.example/2');
  });
});
