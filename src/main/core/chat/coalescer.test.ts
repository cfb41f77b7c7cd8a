import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeltaCoalescer } from './coalescer';

describe('DeltaCoalescer', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first text at once, then batches what arrives within one interval into one delta', () => {
    vi.useFakeTimers();
    const sent: Array<[string, string]> = [];
    const c = new DeltaCoalescer((a, b) => sent.push([a, b]), 16, 2048);
    c.push('First', '');
    expect(sent).toEqual([['First', '']]);
    c.push('Hel', '');
    c.push('lo', '');
    c.push('', 'think');
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual([
      ['First', ''],
      ['Hello', 'think'],
    ]);
  });

  it('flushes at once when the size limit is reached, without waiting for the timer', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const c = new DeltaCoalescer((a) => sent.push(a), 16, 8);
    c.push('0', '');
    c.push('12345', '');
    c.push('6789', '');
    expect(sent).toEqual(['0', '123456789']);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual(['0', '123456789']);
  });

  it('loses nothing: the concatenation of deltas equals the input', () => {
    vi.useFakeTimers();
    let out = '';
    const c = new DeltaCoalescer((a) => (out += a), 16, 64);
    const words = Array.from({ length: 500 }, (_, i) => `w${i} `);
    for (const [i, w] of words.entries()) {
      c.push(w, '');
      if (i % 7 === 0) vi.advanceTimersByTime(5);
    }
    c.flush();
    expect(out).toBe(words.join(''));
  });
});
