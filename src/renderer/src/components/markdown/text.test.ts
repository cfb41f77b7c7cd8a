import { describe, expect, it } from 'vitest';
import { fenceLanguage, knownLanguage } from './highlight';
import { chunkLines, decodeEntities, safeHref } from './text';

describe('safeHref', () => {
  it('allows absolute http, https and mailto links, normalised as the browser will open them', () => {
    expect(safeHref('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeHref('  HTTP://Example.com  ')).toBe('http://example.com/');
    expect(safeHref('mailto:me@example.com')).toBe('mailto:me@example.com');
    expect(safeHref('https://example.com/?a=1&amp;b=2')).toBe('https://example.com/?a=1&b=2');
  });

  it('refuses every other protocol, however it is spelled, and relative links', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '&#106;avascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      'ftp://example.com',
      '/relative',
      '#fragment',
      'example.com',
      'http://',
      '',
    ]) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});

describe('decodeEntities', () => {
  it('resolves named and numeric references and leaves unknown ones as written', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &copy; &#65; &#x42; &mdash;')).toBe('a & b <c> © A B —');
    expect(decodeEntities('&notareal; & alone &#0; &#xD800;')).toBe('&notareal; & alone \ufffd \ufffd');
    // One pass: "&amp;lt;" is the text "&lt;".
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });
});

describe('chunkLines', () => {
  it('splits into pieces of whole lines that join back to the text', () => {
    const text = Array.from({ length: 95 }, (_, i) => `line ${i}`).join('\n');
    const chunks = chunkLines(text, 40);
    expect(chunks).toHaveLength(3);
    expect(chunks.join('')).toBe(text);
    expect(chunks[0]?.split('\n')).toHaveLength(41);
    expect(chunks[0]?.endsWith('line 39\n')).toBe(true);
    expect(chunkLines('', 40)).toEqual(['']);
    expect(chunkLines('a\n', 1)).toEqual(['a\n']);
  });

  it('keeps finished pieces equal as the text grows', () => {
    let text = '';
    let before: string[] = [];
    for (let i = 0; i < 200; i++) {
      text += i % 3 === 0 ? `x${i}\n` : `y${i}`;
      const now = chunkLines(text, 10);
      expect(now.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
      before = now;
    }
  });
});

describe('languages', () => {
  it('reads the first word of the info string and resolves aliases to registered languages', () => {
    expect(fenceLanguage(' TypeScript title="x.ts"')).toBe('typescript');
    expect(fenceLanguage('')).toBeNull();
    expect(knownLanguage('ts')).toBe('typescript');
    expect(knownLanguage('tsx')).toBe('typescript');
    expect(knownLanguage('jsx')).toBe('javascript');
    expect(knownLanguage('sh')).toBe('bash');
    expect(knownLanguage('shell')).toBe('bash');
    expect(knownLanguage('html')).toBe('xml');
    expect(knownLanguage('C++')).toBe('cpp');
    expect(knownLanguage('cs')).toBe('csharp');
    expect(knownLanguage('yml')).toBe('yaml');
    expect(knownLanguage('kt')).toBe('kotlin');
    expect(knownLanguage('haskell')).toBeNull();
    expect(knownLanguage(undefined)).toBeNull();
  });
});
