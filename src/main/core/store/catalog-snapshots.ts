/**
 * Stored /models responses: the catalog shown offline and the source of price history. Each
 * distinct body is stored once (by SHA-256); fetching the same content again only records when
 * it was last seen, so "latest" stays right when the catalog changes and then changes back.
 *
 * Bodies are about 1 MB each, so only the newest few are kept whole; older snapshots keep their
 * row and their model_prices (the price history) with the body emptied.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';

/** How many snapshots (newest by when they were last fetched) keep their full body. */
export const KEEP_SNAPSHOT_BODIES = 5;

/** body_json of a snapshot whose body was dropped (never a valid /models body, which is JSON). */
const PRUNED_BODY = '';

export interface CatalogSnapshot {
  id: number;
  /** When this content was last fetched (epoch ms). */
  fetchedAt: number;
  /** When this exact content was first fetched (epoch ms). */
  firstFetchedAt: number;
  source: string;
  /** The raw JSON text of the /models response. */
  body: string;
}

/** Price fields kept in their own columns, API name -> column name. */
const PRICE_COLUMNS = {
  prompt: 'prompt',
  completion: 'completion',
  request: 'request',
  image: 'image',
  web_search: 'web_search',
  internal_reasoning: 'internal_reasoning',
  input_cache_read: 'input_cache_read',
  input_cache_write: 'input_cache_write',
  audio: 'audio',
  input_cache_write_1h: 'input_cache_write_1h',
} as const;
type PriceField = keyof typeof PRICE_COLUMNS;
const priceFields = Object.keys(PRICE_COLUMNS) as PriceField[];

export function saveCatalogSnapshot(
  db: Database.Database,
  input: { fetchedAt: number; source: string; body: string },
): { id: number; inserted: boolean } {
  const hash = createHash('sha256').update(input.body, 'utf8').digest('hex');
  return db
    .transaction(() => {
      const existing = db
        .prepare<[string], { id: number }>('SELECT id FROM catalog_snapshots WHERE content_hash = ?')
        .get(hash);
      if (existing) {
        // The same content again: if its body was pruned, it is the newest again and needs it back.
        db.prepare(
          `UPDATE catalog_snapshots SET last_seen_at = max(last_seen_at, @at),
             body_json = CASE WHEN body_json = @pruned THEN @body ELSE body_json END
           WHERE id = @id`,
        ).run({ at: input.fetchedAt, pruned: PRUNED_BODY, body: input.body, id: existing.id });
        pruneOldBodies(db);
        return { id: existing.id, inserted: false };
      }

      const models = modelsOf(input.body);
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO catalog_snapshots (fetched_at, last_seen_at, source, model_count, content_hash, body_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(input.fetchedAt, input.fetchedAt, input.source, models.length, hash, input.body);
      const id = Number(lastInsertRowid);

      const columns = priceFields.map((f) => PRICE_COLUMNS[f]);
      const insertPrice = db.prepare(
        `INSERT INTO model_prices (snapshot_id, model_id, ${columns.join(', ')}, pricing_json)
       VALUES (?, ?, ${columns.map(() => '?').join(', ')}, ?)
       ON CONFLICT (snapshot_id, model_id) DO NOTHING`,
      );
      for (const model of models) {
        const pricing = model.pricing;
        insertPrice.run(
          id,
          model.id,
          ...priceFields.map((f) => priceText(pricing?.[f])),
          pricing === undefined ? null : JSON.stringify(pricing),
        );
      }
      pruneOldBodies(db);
      return { id, inserted: true };
    })
    .immediate();
}

/** Empties the body of every snapshot but the newest KEEP_SNAPSHOT_BODIES; prices stay. */
function pruneOldBodies(db: Database.Database): void {
  db.prepare(
    `UPDATE catalog_snapshots SET body_json = @pruned
     WHERE body_json <> @pruned
       AND id NOT IN (SELECT id FROM catalog_snapshots ORDER BY last_seen_at DESC, id DESC LIMIT @keep)`,
  ).run({ pruned: PRUNED_BODY, keep: KEEP_SNAPSHOT_BODIES });
}

/** The most recently fetched snapshot that still has its body (null before the first fetch). */
export function latestCatalogSnapshot(db: Database.Database): CatalogSnapshot | null {
  const row = db
    .prepare<[string], { id: number; last_seen_at: number; fetched_at: number; source: string; body_json: string }>(
      `SELECT id, last_seen_at, fetched_at, source, body_json FROM catalog_snapshots
       WHERE body_json <> ?
       ORDER BY last_seen_at DESC, id DESC LIMIT 1`,
    )
    .get(PRUNED_BODY);
  if (!row) return null;
  return {
    id: row.id,
    fetchedAt: row.last_seen_at,
    firstFetchedAt: row.fetched_at,
    source: row.source,
    body: row.body_json,
  };
}

interface ModelPrices {
  id: string;
  pricing: Record<string, unknown> | undefined;
}

/** data[] entries with a string id; anything else in the body is kept only in the raw text. */
function modelsOf(body: string): ModelPrices[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AppError(
      'bad_response',
      'The model list from OpenRouter is not valid JSON, so it was not saved. Try refreshing the catalog again.',
    );
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) {
    throw new AppError(
      'bad_response',
      'The model list from OpenRouter has no "data" list, so it was not saved. Try refreshing the catalog again.',
    );
  }
  const models: ModelPrices[] = [];
  for (const entry of data) {
    if (!entry || typeof entry !== 'object') continue;
    const { id, pricing } = entry as { id?: unknown; pricing?: unknown };
    if (typeof id !== 'string' || id === '') continue;
    const isObject = pricing !== null && typeof pricing === 'object' && !Array.isArray(pricing);
    models.push({ id, pricing: isObject ? (pricing as Record<string, unknown>) : undefined });
  }
  return models;
}

/** Prices are kept as the API wrote them; a number (not expected) is kept as its shortest text. */
function priceText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
