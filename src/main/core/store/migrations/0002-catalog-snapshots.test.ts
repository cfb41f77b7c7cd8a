import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { migrations } from './index';

function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

describe('migration 2: catalog snapshots', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('keeps everything written at version 1', () => {
    applyMigrations(db, migrations.slice(0, 1));
    db.prepare(`INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'Trip', 1, 2)`).run();
    db.prepare(
      `INSERT INTO requests (id, request_id, started_at, origin, model_requested, status, cost, conversation_id)
       VALUES (5, 'r-1', 100, 'playground', 'openai/gpt-5', 'ok', 0.000123456789012345, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO messages (conversation_id, role, content, request_id, created_at) VALUES (1, 'user', 'hi', 5, 3)`,
    ).run();
    db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('theme', '"dark"', 4)`).run();

    const result = applyMigrations(db, migrations.slice(0, 2));

    expect(result).toEqual({ fromVersion: 1, toVersion: 2 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT request_id, cost, conversation_id FROM requests').all()).toEqual([
      { request_id: 'r-1', cost: 0.000123456789012345, conversation_id: 1 },
    ]);
    expect(db.prepare('SELECT title FROM conversations').all()).toEqual([{ title: 'Trip' }]);
    expect(db.prepare('SELECT content, request_id FROM messages').all()).toEqual([{ content: 'hi', request_id: 5 }]);
    expect(db.prepare('SELECT value_json FROM settings').all()).toEqual([{ value_json: '"dark"' }]);
  });

  describe('after the step', () => {
    beforeEach(() => {
      applyMigrations(db, migrations.slice(0, 2));
    });

    it('creates the snapshot and price tables with their columns and indexes', () => {
      expect(columns(db, 'catalog_snapshots')).toEqual([
        'id',
        'fetched_at',
        'last_seen_at',
        'source',
        'model_count',
        'content_hash',
        'body_json',
      ]);
      expect(columns(db, 'model_prices')).toEqual([
        'snapshot_id',
        'model_id',
        'prompt',
        'completion',
        'request',
        'image',
        'web_search',
        'internal_reasoning',
        'input_cache_read',
        'input_cache_write',
        'audio',
        'input_cache_write_1h',
        'pricing_json',
      ]);
      const priceIndexes = (db.pragma('index_list(model_prices)') as { name: string }[]).map((i) => i.name);
      expect(priceIndexes).toContain('model_prices_model_id');
    });

    it('stores a body once per content hash', () => {
      const insert = db.prepare(
        `INSERT INTO catalog_snapshots (fetched_at, last_seen_at, source, model_count, content_hash, body_json)
         VALUES (1, 1, 'network', 0, ?, '{}')`,
      );
      insert.run('abc');
      expect(() => insert.run('abc')).toThrow(/UNIQUE/);
    });

    it('keeps prices as the exact text and removes them with their snapshot', () => {
      db.prepare(
        `INSERT INTO catalog_snapshots (id, fetched_at, last_seen_at, source, model_count, content_hash, body_json)
         VALUES (1, 1, 1, 'network', 1, 'h', '{}')`,
      ).run();
      db.prepare(`INSERT INTO model_prices (snapshot_id, model_id, prompt) VALUES (1, 'a/b', '0.0000030')`).run();
      expect(() =>
        db.prepare(`INSERT INTO model_prices (snapshot_id, model_id, prompt) VALUES (1, 'a/b', '1')`).run(),
      ).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(db.prepare('SELECT prompt, typeof(prompt) AS t FROM model_prices').get()).toEqual({
        prompt: '0.0000030',
        t: 'text',
      });

      db.prepare('DELETE FROM catalog_snapshots WHERE id = 1').run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM model_prices').get()).toEqual({ n: 0 });
    });

    it('refuses prices for a snapshot that does not exist', () => {
      expect(() => db.prepare(`INSERT INTO model_prices (snapshot_id, model_id) VALUES (42, 'x')`).run()).toThrow(
        /FOREIGN KEY/,
      );
    });
  });
});
