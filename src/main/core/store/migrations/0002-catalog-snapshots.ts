import type { Migration } from './types';

/**
 * Raw /models responses, kept whole so the catalog works offline and prices can be compared over
 * time. Prices stay TEXT exactly as the API gave them (decimal strings; converting to REAL here
 * would lose the original digits).
 */
export const catalogSnapshots: Migration = {
  version: 2,
  name: 'catalog-snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE catalog_snapshots (
        id           INTEGER PRIMARY KEY,
        fetched_at   INTEGER NOT NULL,
        -- When this exact content was last fetched again (identical bodies are stored once).
        last_seen_at INTEGER NOT NULL,
        source       TEXT NOT NULL,
        model_count  INTEGER NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        body_json    TEXT NOT NULL
      );
      CREATE INDEX catalog_snapshots_last_seen_at ON catalog_snapshots (last_seen_at);

      CREATE TABLE model_prices (
        snapshot_id          INTEGER NOT NULL REFERENCES catalog_snapshots (id) ON DELETE CASCADE,
        model_id             TEXT NOT NULL,
        prompt               TEXT,
        completion           TEXT,
        request              TEXT,
        image                TEXT,
        web_search           TEXT,
        internal_reasoning   TEXT,
        input_cache_read     TEXT,
        input_cache_write    TEXT,
        audio                TEXT,
        input_cache_write_1h TEXT,
        -- The whole pricing object (overrides for long context or peak hours, fields added later).
        pricing_json         TEXT,
        PRIMARY KEY (snapshot_id, model_id)
      );
      CREATE INDEX model_prices_model_id ON model_prices (model_id, snapshot_id);
    `);
  },
};
