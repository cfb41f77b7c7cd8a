import { describe, expect, it } from 'vitest';
import type { DaySpend } from '@shared/schemas';
import { daysEndingOn } from '@shared/days';
import { fillDays, shortDay, todayIn } from './days';

const spend = (day: string, cost: number): DaySpend => ({
  day,
  cost,
  requests: 1,
  promptTokens: 10,
  completionTokens: 5,
});

describe('todayIn', () => {
  it('gives the calendar day in the viewer’s time zone, not UTC', () => {
    const lateEveningInNewYork = new Date('2026-08-15T02:30:00Z');
    expect(todayIn('America/New_York', lateEveningInNewYork)).toBe('2026-08-14');
    expect(todayIn('UTC', lateEveningInNewYork)).toBe('2026-08-15');
    expect(todayIn('Asia/Tokyo', new Date('2026-08-14T16:00:00Z'))).toBe('2026-08-15');
  });
});

describe('daysEndingOn (shared with the ledger)', () => {
  it('counts back across month and year ends, oldest first', () => {
    expect(daysEndingOn('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysEndingOn('2027-01-01', 2)).toEqual(['2026-12-31', '2027-01-01']);
  });
});

describe('fillDays', () => {
  it('shows every day of the window, with zero for days without requests', () => {
    const filled = fillDays([spend('2026-08-13', 0.5)], '2026-08-14', 3);
    expect(filled.map((d) => [d.day, d.cost])).toEqual([
      ['2026-08-12', 0],
      ['2026-08-13', 0.5],
      ['2026-08-14', 0],
    ]);
  });

  it('keeps a ledger day that is already tomorrow here, rather than dropping its spend', () => {
    const filled = fillDays([spend('2026-08-15', 1)], '2026-08-14', 2);
    expect(filled.map((d) => d.day)).toEqual(['2026-08-14', '2026-08-15']);
    expect(filled[1]!.cost).toBe(1);
  });
});

describe('shortDay', () => {
  it('labels a day the short way', () => {
    expect(shortDay('2026-08-04')).toBe('Aug 4');
    expect(shortDay('2026-12-31')).toBe('Dec 31');
  });
});
