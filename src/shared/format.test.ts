import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatPricePerMillion, formatTokens, formatUsd, perMillion } from './format';

describe('formatUsd: one rule for every amount', () => {
  it('shows zero as $0, not $0.00', () => {
    expect(formatUsd(0)).toBe('$0');
  });

  it('keeps three significant digits below a cent, so tiny per-request costs stay visible', () => {
    expect(formatUsd(0.00012195)).toBe('$0.000122');
    expect(formatUsd(0.0000009)).toBe('$0.0000009');
    expect(formatUsd(0.0099999)).toBe('$0.01');
  });

  it('from a cent up, keeps up to five decimals: a fraction of a cent of spending stays visible', () => {
    expect(formatUsd(0.0123456)).toBe('$0.01235');
    expect(formatUsd(0.123456)).toBe('$0.12346');
    expect(formatUsd(9.99898)).toBe('$9.99898');
    expect(formatUsd(24.998581234)).toBe('$24.99858');
    expect(formatUsd(10 - 0.00102)).toBe('$9.99898');
    expect(formatUsd(0.99999)).toBe('$0.99999');
    expect(formatUsd(0.999999)).toBe('$1.00');
  });

  it('drops trailing zeros but keeps whole cents, and groups thousands', () => {
    expect(formatUsd(0.45)).toBe('$0.45');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(1_000_000)).toBe('$1,000,000.00');
  });

  it('puts the sign before the dollar sign (refunds, negative balances)', () => {
    expect(formatUsd(-2.5)).toBe('-$2.50');
    expect(formatUsd(-0.00012195)).toBe('-$0.000122');
  });

  it('does not pretend to know a value that is not a number', () => {
    expect(formatUsd(Number.NaN)).toBe('—');
    expect(formatUsd(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('perMillion', () => {
  it('converts a per-token price without floating-point noise', () => {
    expect(perMillion(0.00000045)).toBe(0.45);
    expect(perMillion(0.000015)).toBe(15);
    expect(perMillion(0.0000032)).toBe(3.2);
  });

  it('keeps prices far below a cent per million', () => {
    expect(perMillion(1e-12)).toBe(0.000001);
  });
});

describe('formatPricePerMillion', () => {
  it('says Free for a zero price', () => {
    expect(formatPricePerMillion(0, false)).toBe('Free');
  });

  it('says Variable for routers, whatever number they carry', () => {
    expect(formatPricePerMillion(-1, true)).toBe('Variable');
    expect(formatPricePerMillion(0, true)).toBe('Variable');
    expect(formatPricePerMillion(-1, false)).toBe('Variable');
  });

  it('shows whole-dollar prices without decimals and others with cents', () => {
    expect(formatPricePerMillion(0.000015, false)).toBe('$15');
    expect(formatPricePerMillion(0.00000045, false)).toBe('$0.45');
    expect(formatPricePerMillion(0.0000025, false)).toBe('$2.50');
    expect(formatPricePerMillion(0.00000003, false)).toBe('$0.03');
  });

  it('keeps significant digits for very cheap models', () => {
    expect(formatPricePerMillion(0.0000000375, false)).toBe('$0.0375');
  });
});

describe('formatTokens', () => {
  it('abbreviates context lengths the way model cards do', () => {
    expect(formatTokens(262_144)).toBe('262K');
    expect(formatTokens(1_000_000)).toBe('1M');
    expect(formatTokens(1_048_576)).toBe('1.05M');
    expect(formatTokens(2_000_000)).toBe('2M');
  });

  it('keeps one decimal for small thousands and plain numbers below a thousand', () => {
    expect(formatTokens(8192)).toBe('8.2K');
    expect(formatTokens(1500)).toBe('1.5K');
    expect(formatTokens(4000)).toBe('4K');
    expect(formatTokens(850)).toBe('850');
    expect(formatTokens(0)).toBe('0');
  });

  it('rolls over to millions instead of showing 1000K', () => {
    expect(formatTokens(999_999)).toBe('1M');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1234567)).toBe('-1,234,567');
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(12.4)).toBe('12 ms');
  });

  it('shows seconds with one decimal from a second up', () => {
    expect(formatDuration(2300)).toBe('2.3 s');
    expect(formatDuration(1000)).toBe('1.0 s');
    expect(formatDuration(999.7)).toBe('1.0 s');
  });

  it('shows minutes and seconds for long generations', () => {
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});
