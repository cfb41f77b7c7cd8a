/** Statistics over what the probe recorded; times are page milliseconds. */

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Intervals between consecutive animation frames whose later frame falls inside [from, to]. */
export function frameIntervals(frames: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const t = frames[i]!;
    if (t > from && t <= to) out.push(t - frames[i - 1]!);
  }
  return out;
}

/** The share of [from, to] covered by long tasks (they never overlap: one main thread). */
export function longTaskShare(tasks: ReadonlyArray<readonly [number, number]>, from: number, to: number): number {
  if (to <= from) return NaN;
  let busy = 0;
  for (const [start, duration] of tasks) busy += Math.max(0, Math.min(to, start + duration) - Math.max(from, start));
  return busy / (to - from);
}
