import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, throttle } from './timing';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('debounce', () => {
  it('runs once after a burst has been quiet for the wait', () => {
    const fn = vi.fn();
    const later = debounce(fn, 1000);
    later();
    vi.advanceTimersByTime(600);
    later();
    vi.advanceTimersByTime(600);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('can run a pending call now, or drop it', () => {
    const fn = vi.fn();
    const later = debounce(fn, 1000);
    later.flush();
    expect(fn).not.toHaveBeenCalled();
    later();
    later.flush();
    expect(fn).toHaveBeenCalledTimes(1);
    later();
    later.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('throttle', () => {
  it('keeps running during a steady stream of calls instead of waiting for it to end', () => {
    const fn = vi.fn();
    const later = throttle(fn, 500);
    for (let t = 0; t < 2000; t += 50) {
      later();
      vi.advanceTimersByTime(50);
    }
    expect(fn).toHaveBeenCalledTimes(4);
  });
});
