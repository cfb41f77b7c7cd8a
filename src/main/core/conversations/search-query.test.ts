import { describe, expect, it } from 'vitest';
import { ftsQuery } from './search-query';

describe('ftsQuery', () => {
  it('quotes every word and makes the last one a prefix', () => {
    expect(ftsQuery('oolong')).toBe('"oolong"*');
    expect(ftsQuery('  brew   oolong te ')).toBe('"brew" "oolong" "te"*');
  });

  it('keeps FTS operators and quotes as plain text', () => {
    expect(ftsQuery('tea OR coffee')).toBe('"tea" "OR" "coffee"*');
    expect(ftsQuery('say "hi"')).toBe('"say" """hi"""*');
    expect(ftsQuery('content:x NEAR(a b)')).toBe('"content:x" "NEAR(a" "b)"*');
  });

  it('drops words without a letter or digit, and gives null when none is left', () => {
    expect(ftsQuery('tea - *')).toBe('"tea"*');
    expect(ftsQuery('café 日本語 ½')).toBe('"café" "日本語" "½"*');
    for (const raw of ['', '   ', '"', '* ^ ( ) :', '🙂 🙂', '\t\n']) expect(ftsQuery(raw), raw).toBeNull();
  });
});
