/**
 * Calendar days in the viewer's time zone: the ledger buckets UTC timestamps with these at query
 * time, and the Usage screen fills its chart's window with the same days.
 */
import { AppError } from '@shared/errors';

const DAY_MS = 86_400_000;
// Every UTC offset in use since 1972 is a whole multiple of 15 minutes, so all instants in one
// 15-minute block fall on the same local day, so one formatted day per block serves them all.
const BLOCK_MS = 15 * 60_000;

/** Returns a function from epoch ms to the local day 'YYYY-MM-DD' in `timeZone`. */
export function localDayOf(timeZone: string): (ms: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new AppError(
      'invalid_input',
      `"${timeZone}" is not a time zone RouterDesk knows. Use an IANA name such as Europe/Berlin or America/New_York.`,
    );
  }
  const cache = new Map<number, string>();
  return (ms) => {
    const block = Math.floor(ms / BLOCK_MS);
    let day = cache.get(block);
    if (day === undefined) {
      const parts = format.formatToParts(ms);
      const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
      day = `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
      cache.set(block, day);
    }
    return day;
  };
}

/** The `count` calendar days ending with `lastDay` ('YYYY-MM-DD'), oldest first. */
export function daysEndingOn(lastDay: string, count: number): string[] {
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  const last = Date.UTC(y, m - 1, d);
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    days.push(new Date(last - i * DAY_MS).toISOString().slice(0, 10));
  }
  return days;
}
