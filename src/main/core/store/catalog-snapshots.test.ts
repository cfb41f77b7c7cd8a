import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { KEEP_SNAPSHOT_BODIES, latestCatalogSnapshot, saveCatalogSnapshot } from './catalog-snapshots';
import { applyMigrations } from './migrate';
import { migrations } from './migrations';

function modelsBody(models: unknown[]): string {
  return JSON.stringify({ data: models, total_count: models.length, links: { next: null } });
}

const sonnet = {
  id: 'anthropic/claude-sonnet-4.5',
  name: 'Anthropic: Claude Sonnet 4.5',
  pricing: {
    prompt: '0.000003',
    completion: '0.000015',
    web_search: '0.01',
    input_cache_read: '0.0000003',
    input_cache_write: '0.00000375',
    input_cache_write_1h: '0.000006',
    overrides: [{ min_prompt_tokens: 200000, prompt: '0.000006' }],
  },
};
const auto = { id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' } };
const free = { id: 'x/y:free', pricing: { prompt: '0', completion: '0', request: '0' } };

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  applyMigrations(db, migrations);
});
afterEach(() => db.close());

function prices(snapshotId: number) {
  return db.prepare('SELECT * FROM model_prices WHERE snapshot_id = ? ORDER BY model_id').all(snapshotId) as Record<
    string,
    unknown
  >[];
}

describe('saveCatalogSnapshot', () => {
  it('stores the raw body and each model price exactly as the API wrote it', () => {
    const body = modelsBody([sonnet, auto, free]);
    const saved = saveCatalogSnapshot(db, { fetchedAt: 1_000, source: 'network', body });

    expect(saved.inserted).toBe(true);
    expect(latestCatalogSnapshot(db)).toEqual({
      id: saved.id,
      fetchedAt: 1_000,
      firstFetchedAt: 1_000,
      source: 'network',
      body,
    });
    expect(db.prepare('SELECT model_count FROM catalog_snapshots').get()).toEqual({ model_count: 3 });

    const rows = prices(saved.id);
    expect(rows.map((r) => r.model_id)).toEqual(['anthropic/claude-sonnet-4.5', 'openrouter/auto', 'x/y:free']);
    const [claude, router, freebie] = rows;
    expect(claude).toMatchObject({
      prompt: '0.000003',
      completion: '0.000015',
      request: null,
      image: null,
      web_search: '0.01',
      internal_reasoning: null,
      input_cache_read: '0.0000003',
      input_cache_write: '0.00000375',
      input_cache_write_1h: '0.000006',
    });
    expect(JSON.parse(String(claude!.pricing_json))).toEqual(sonnet.pricing);
    expect(router).toMatchObject({ prompt: '-1', completion: '-1' });
    expect(freebie).toMatchObject({ prompt: '0', completion: '0', request: '0' });
  });

  it('stores an identical body once and returns the existing snapshot', () => {
    const body = modelsBody([sonnet]);
    const first = saveCatalogSnapshot(db, { fetchedAt: 1_000, source: 'network', body });
    const second = saveCatalogSnapshot(db, { fetchedAt: 2_000, source: 'network', body });

    expect(second).toEqual({ id: first.id, inserted: false });
    expect(db.prepare('SELECT COUNT(*) AS n FROM catalog_snapshots').get()).toEqual({ n: 1 });
    expect(prices(first.id)).toHaveLength(1);
    expect(latestCatalogSnapshot(db)).toMatchObject({ id: first.id, fetchedAt: 2_000, firstFetchedAt: 1_000 });
  });

  it('keeps price history when prices change, and the latest is what was fetched last', () => {
    const a = modelsBody([sonnet]);
    const b = modelsBody([{ ...sonnet, pricing: { ...sonnet.pricing, prompt: '0.0000025' } }]);
    const first = saveCatalogSnapshot(db, { fetchedAt: 1_000, source: 'network', body: a });
    const second = saveCatalogSnapshot(db, { fetchedAt: 2_000, source: 'network', body: b });
    expect(second.inserted).toBe(true);
    expect(latestCatalogSnapshot(db)?.id).toBe(second.id);

    const history = db
      .prepare(`SELECT snapshot_id, prompt FROM model_prices WHERE model_id = ? ORDER BY snapshot_id`)
      .all(sonnet.id);
    expect(history).toEqual([
      { snapshot_id: first.id, prompt: '0.000003' },
      { snapshot_id: second.id, prompt: '0.0000025' },
    ]);

    // The catalog changes back: the older identical snapshot becomes the latest again.
    const third = saveCatalogSnapshot(db, { fetchedAt: 3_000, source: 'network', body: a });
    expect(third).toEqual({ id: first.id, inserted: false });
    expect(latestCatalogSnapshot(db)).toMatchObject({ id: first.id, fetchedAt: 3_000, body: a });
  });

  it('skips entries without an id or pricing it can read, keeping the rest', () => {
    const body = modelsBody([
      { name: 'no id' },
      'junk',
      { id: 'a/no-pricing' },
      { id: 'a/odd', pricing: { prompt: 0.5, completion: true } },
    ]);
    const saved = saveCatalogSnapshot(db, { fetchedAt: 1, source: 'network', body });
    expect(prices(saved.id)).toMatchObject([
      { model_id: 'a/no-pricing', prompt: null, pricing_json: null },
      { model_id: 'a/odd', prompt: '0.5', completion: null },
    ]);
  });

  it('refuses a body that is not a model list and stores nothing', () => {
    for (const body of ['<html>502</html>', '{"error":{"code":500}}']) {
      expect(() => saveCatalogSnapshot(db, { fetchedAt: 1, source: 'network', body })).toThrow(AppError);
    }
    expect(latestCatalogSnapshot(db)).toBeNull();
  });
});

describe('latestCatalogSnapshot', () => {
  it('is null before any catalog was fetched', () => {
    expect(latestCatalogSnapshot(db)).toBeNull();
  });
});

describe('old snapshot bodies', () => {
  /** The i-th catalog: Sonnet's prompt price differs in each, so every body is distinct. */
  function catalog(i: number): string {
    return modelsBody([{ ...sonnet, pricing: { ...sonnet.pricing, prompt: `0.00000${i}` } }, free]);
  }
  function saveEight(): number[] {
    return [1, 2, 3, 4, 5, 6, 7, 8].map(
      (i) => saveCatalogSnapshot(db, { fetchedAt: i * 1_000, source: 'network', body: catalog(i) }).id,
    );
  }
  /** Snapshot ids that still hold a body, oldest first. */
  function withBody(): number[] {
    return (
      db.prepare(`SELECT id FROM catalog_snapshots WHERE body_json <> '' ORDER BY id`).all() as { id: number }[]
    ).map((r) => r.id);
  }
  function sonnetPromptHistory(): unknown[] {
    return db
      .prepare('SELECT snapshot_id, prompt FROM model_prices WHERE model_id = ? ORDER BY snapshot_id')
      .all(sonnet.id);
  }

  it('keeps the body of only the newest snapshots, and the prices of every snapshot', () => {
    const ids = saveEight();

    expect(db.prepare('SELECT COUNT(*) AS n FROM catalog_snapshots').get()).toEqual({ n: 8 });
    expect(KEEP_SNAPSHOT_BODIES).toBe(5);
    expect(withBody()).toEqual(ids.slice(3));
    expect(sonnetPromptHistory()).toEqual(ids.map((id, i) => ({ snapshot_id: id, prompt: `0.00000${i + 1}` })));
    expect(db.prepare('SELECT COUNT(*) AS n FROM model_prices').get()).toEqual({ n: 16 });
    expect(latestCatalogSnapshot(db)).toEqual({
      id: ids[7],
      fetchedAt: 8_000,
      firstFetchedAt: 8_000,
      source: 'network',
      body: catalog(8),
    });
  });

  it('gives a pruned snapshot its body back when the catalog returns to it', () => {
    const ids = saveEight();

    const again = saveCatalogSnapshot(db, { fetchedAt: 9_000, source: 'network', body: catalog(1) });

    expect(again).toEqual({ id: ids[0], inserted: false });
    expect(latestCatalogSnapshot(db)).toEqual({
      id: ids[0],
      fetchedAt: 9_000,
      firstFetchedAt: 1_000,
      source: 'network',
      body: catalog(1),
    });
    // Still five bodies: the first snapshot is the newest again, so the oldest kept one gave way.
    expect(withBody()).toEqual([ids[0], ...ids.slice(4)]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM model_prices').get()).toEqual({ n: 16 });

    // Fetching a catalog whose body is still kept changes only which one is newest.
    saveCatalogSnapshot(db, { fetchedAt: 10_000, source: 'network', body: catalog(6) });
    expect(latestCatalogSnapshot(db)).toMatchObject({ id: ids[5], body: catalog(6) });
    expect(withBody()).toEqual([ids[0], ...ids.slice(4)]);
  });

  it('never returns a pruned body as the latest catalog', () => {
    const ids = saveEight();
    // A snapshot fetched with a clock that went backwards is older than every kept body.
    const late = saveCatalogSnapshot(db, { fetchedAt: 500, source: 'network', body: catalog(9) });
    expect(late.inserted).toBe(true);
    expect(withBody()).toEqual(ids.slice(3));
    expect(latestCatalogSnapshot(db)).toMatchObject({ id: ids[7], body: catalog(8) });

    // Even if the newest row has lost its body, the newest one that still has it is returned.
    db.prepare(`UPDATE catalog_snapshots SET body_json = '' WHERE id = ?`).run(ids[7]);
    expect(latestCatalogSnapshot(db)).toMatchObject({ id: ids[6], body: catalog(7) });
  });

  it('trims bodies kept by an older RouterDesk on the next fetch, even of unchanged content', () => {
    const ids = saveEight();
    // As an earlier version left it: every body kept.
    const restore = db.prepare('UPDATE catalog_snapshots SET body_json = ? WHERE id = ?');
    ids.forEach((id, i) => restore.run(catalog(i + 1), id));
    expect(withBody()).toEqual(ids);

    saveCatalogSnapshot(db, { fetchedAt: 9_000, source: 'network', body: catalog(8) });
    expect(withBody()).toEqual(ids.slice(3));
  });
});
