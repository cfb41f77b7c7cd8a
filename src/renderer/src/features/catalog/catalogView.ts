/**
 * Searching and sorting the catalog table. Pure and precomputed: the lowercase haystack and
 * per-million prices are built once per catalog, so each keystroke is one pass of `includes`.
 */
import { perMillion } from '@shared/format';
import type { ModelSummary } from '@shared/schemas';

export interface CatalogRow {
  model: ModelSummary;
  /** name and id, lowercased, for case-insensitive search. */
  haystack: string;
  /** null for routers, whose price depends on the model they pick. */
  inputPerMillion: number | null;
  outputPerMillion: number | null;
}

export type SortKey = 'name' | 'context' | 'input' | 'output' | 'created';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export const defaultSort: Sort = { key: 'created', direction: 'descending' };

/** Text columns read best A to Z first; numbers biggest or newest first. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'name' ? 'ascending' : 'descending';
}

/** Clicking the sorted column flips it; clicking another sorts by it in its natural order. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: firstDirection(key) };
}

export function toRows(models: readonly ModelSummary[]): CatalogRow[] {
  return models.map((model) => {
    const variable = model.pricing.variable;
    return {
      model,
      haystack: `${model.name}\n${model.id}`.toLowerCase(),
      inputPerMillion: variable ? null : perMillion(model.pricing.prompt),
      outputPerMillion: variable ? null : perMillion(model.pricing.completion),
    };
  });
}

/**
 * Rows whose name or id contains every word of the query, ignoring case, so "gemini flash"
 * finds "Google: Gemini 3.7 Flash".
 */
export function filterRows(rows: readonly CatalogRow[], query: string): readonly CatalogRow[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  if (words.length === 1) {
    const [word] = words as [string];
    return rows.filter((row) => row.haystack.includes(word));
  }
  return rows.filter((row) => words.every((word) => row.haystack.includes(word)));
}

function sortValue(row: CatalogRow, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return row.model.name.toLowerCase();
    case 'context':
      return row.model.contextLength;
    case 'input':
      return row.inputPerMillion;
    case 'output':
      return row.outputPerMillion;
    case 'created':
      return row.model.created;
  }
}

/**
 * A sorted copy. Unknown values (no context length, router prices) go last in both directions,
 * so flipping the order never buries the real numbers under them. Ties keep catalog order.
 */
export function sortRows(rows: readonly CatalogRow[], sort: Sort): CatalogRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;
      }
      const order =
        typeof a.value === 'string' ? a.value.localeCompare(b.value as string) : a.value - (b.value as number);
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}
