import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { migrations } from './index';

function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}
function indexColumns(db: Database.Database, index: string): string[] {
  return (db.pragma(`index_info(${index})`) as { name: string }[]).map((c) => c.name);
}

describe('migration 3: request owner', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('keeps every request written at version 2, with no owner', () => {
    applyMigrations(db, migrations.slice(0, 2));
    db.prepare(
      `INSERT INTO requests (id, request_id, started_at, origin, model_requested, status, cost)
       VALUES (1, 'done', 100, 'playground', 'openai/gpt-5', 'ok', 0.000123456789012345),
              (2, 'cut-off', 200, 'compare', 'openai/gpt-5', 'pending', NULL)`,
    ).run();
    db.prepare(
      `INSERT INTO catalog_snapshots (fetched_at, last_seen_at, source, model_count, content_hash, body_json)
       VALUES (1, 1, 'network', 0, 'h', '{"data":[]}')`,
    ).run();

    const result = applyMigrations(db, migrations.slice(0, 3));

    expect(result).toEqual({ fromVersion: 2, toVersion: 3 });
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT id, request_id, status, cost, owner FROM requests ORDER BY id').all()).toEqual([
      { id: 1, request_id: 'done', status: 'ok', cost: 0.000123456789012345, owner: null },
      { id: 2, request_id: 'cut-off', status: 'pending', cost: null, owner: null },
    ]);
    expect(db.prepare('SELECT body_json FROM catalog_snapshots').all()).toEqual([{ body_json: '{"data":[]}' }]);
  });

  describe('after the step', () => {
    beforeEach(() => {
      applyMigrations(db, migrations.slice(0, 3));
    });

    it('adds the owner as the last column of requests', () => {
      expect(columns(db, 'requests').at(-1)).toBe('owner');
      const owner = (db.pragma('table_info(requests)') as { name: string; type: string; notnull: number }[]).find(
        (c) => c.name === 'owner',
      );
      expect(owner).toMatchObject({ type: 'TEXT', notnull: 0 });
    });

    it('indexes pending rows by owner, replacing the status-only index', () => {
      expect(indexColumns(db, 'requests_status_owner')).toEqual(['status', 'owner']);
      const names = (db.pragma('index_list(requests)') as { name: string }[]).map((i) => i.name);
      expect(names).not.toContain('requests_status');
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM requests WHERE status = 'pending' AND owner = 'x'`)
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('requests_status_owner');
    });

    it('stores an owner and still refuses an unknown status', () => {
      const insert = db.prepare(
        `INSERT INTO requests (request_id, started_at, origin, model_requested, status, owner) VALUES (?, 1, 'other', 'm', ?, ?)`,
      );
      insert.run('a', 'pending', 'host/123/1700000000000');
      expect(db.prepare('SELECT owner FROM requests').get()).toEqual({ owner: 'host/123/1700000000000' });
      expect(() => insert.run('b', 'done', 'x')).toThrow(/CHECK constraint/);
    });
  });
});
