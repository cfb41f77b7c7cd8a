/**
 * Calendar days for the spend chart. The ledger returns only days with requests; the chart
 * shows every day of the window, so quiet days read as zero instead of vanishing.
 */
import type { DaySpend } from '../../../../shared/schemas';

/** Today's date, YYYY-MM-DD, in the given IANA time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `count` consecutive days ending with `lastDay`, oldest first. */
export function daysEndingAt(lastDay: string, count: number): string[] {
  const [y, m, d] = lastDay.split('-').map(Number);
  const end = Date.UTC(y!, m! - 1, d!);
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    days.push(new Date(end - i * 86_400_000).toISOString().slice(0, 10));
  }
  return days;
}

/** One entry per day of the window ending today (or the ledger's latest day, if later). */
export function fillDays(spend: readonly DaySpend[], today: string, count: number): DaySpend[] {
  const byDay = new Map(spend.map((d) => [d.day, d]));
  const latest = spend.reduce((max, d) => (d.day > max ? d.day : max), today);
  return daysEndingAt(latest, count).map(
    (day) => byDay.get(day) ?? { day, cost: 0, requests: 0, promptTokens: 0, completionTokens: 0 },
  );
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-08-14" -> "Aug 14" (a calendar day, so no time zone math). */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${monthNames[(m ?? 1) - 1]} ${d}`;
}
