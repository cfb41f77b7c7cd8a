/**
 * Calendar days for the spend chart. The ledger returns only days with requests; the chart
 * shows every day of the window, so quiet days read as zero instead of vanishing. The day math
 * itself is shared with the ledger (src/shared/days.ts).
 */
import { daysEndingOn, localDayOf } from '@shared/days';
import type { DaySpend } from '@shared/schemas';

/** Today's date, YYYY-MM-DD, in the given IANA time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDayOf(timeZone)(now.getTime());
}

/** One entry per day of the window ending today (or the ledger's latest day, if later). */
export function fillDays(spend: readonly DaySpend[], today: string, count: number): DaySpend[] {
  const byDay = new Map(spend.map((d) => [d.day, d]));
  const latest = spend.reduce((max, d) => (d.day > max ? d.day : max), today);
  return daysEndingOn(latest, count).map(
    (day) => byDay.get(day) ?? { day, cost: 0, requests: 0, promptTokens: 0, completionTokens: 0 },
  );
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-08-14" -> "Aug 14" (a calendar day, so no time zone math). */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${monthNames[(m ?? 1) - 1]} ${d}`;
}
