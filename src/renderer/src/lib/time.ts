const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dayOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** A moment in the viewer's local time, e.g. "Aug 14, 14:03:21". */
export function formatLocalDateTime(epochMs: number): string {
  return dateTime.format(new Date(epochMs));
}

/** The same moment in two pieces, e.g. ["Aug 14", "14:03:21"], for a cell that may wrap between them. */
export function formatLocalDayAndTime(epochMs: number): [day: string, time: string] {
  const date = new Date(epochMs);
  return [dayOnly.format(date), timeOnly.format(date)];
}

/** A calendar date in the viewer's local time, e.g. "Aug 14, 2026". */
export function formatLocalDate(epochMs: number): string {
  return dateOnly.format(new Date(epochMs));
}

/** The viewer's IANA time zone, which the ledger buckets days in. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
