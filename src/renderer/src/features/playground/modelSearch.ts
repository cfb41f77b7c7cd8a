/** Filtering and ordering for the model picker: recent first, then best match, then name. */
import type { ModelSummary } from '@shared/schemas';

export interface PickerOption {
  model: ModelSummary;
  recent: boolean;
}

/** 0 = id or name starts with the query, 1 = a word starts with it, 2 = contains it; null = no match. */
function matchRank(model: ModelSummary, words: string[]): number | null {
  const id = model.id.toLowerCase();
  const name = model.name.toLowerCase();
  let worst = 0;
  for (const w of words) {
    let rank: number | null = null;
    if (id.startsWith(w) || name.startsWith(w) || id.includes(`/${w}`)) rank = 0;
    else if (new RegExp(`(^|[\\s:/(-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(name)) rank = 1;
    else if (id.includes(w) || name.includes(w)) rank = 2;
    if (rank === null) return null;
    worst = Math.max(worst, rank);
  }
  return worst;
}

export function pickerOptions(
  models: readonly ModelSummary[],
  query: string,
  recent: readonly string[],
): PickerOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const recentRank = new Map(recent.map((id, i) => [id, i]));
  const scored: Array<{ model: ModelSummary; rank: number; recent: number }> = [];
  for (const model of models) {
    const rank = words.length ? matchRank(model, words) : 0;
    if (rank === null) continue;
    scored.push({ model, rank, recent: recentRank.get(model.id) ?? Number.POSITIVE_INFINITY });
  }
  scored.sort((a, b) => a.recent - b.recent || a.rank - b.rank || a.model.name.localeCompare(b.model.name));
  return scored.map((s) => ({ model: s.model, recent: Number.isFinite(s.recent) }));
}

/** Models of the most recently updated conversations, newest first, without repeats. */
export function recentModels(conversations: ReadonlyArray<{ model: string; updatedAt: number }>, max = 5): string[] {
  const seen: string[] = [];
  for (const c of [...conversations].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (c.model && !seen.includes(c.model)) seen.push(c.model);
    if (seen.length >= max) break;
  }
  return seen;
}
