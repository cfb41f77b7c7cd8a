import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { migrations } from './index';

function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}
function matches(db: Database.Database, query: string): number[] {
  return db
    .prepare<[string], { rowid: number }>('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid')
    .all(query)
    .map((r) => r.rowid);
}
/** FTS5's own check that the index agrees with the messages table; throws when it does not. */
function indexInStep(db: Database.Database): void {
  db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();
}

describe('migration 4: conversations', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('has FTS5 in the bundled SQLite', () => {
    expect(db.prepare(`SELECT sqlite_compileoption_used('ENABLE_FTS5') AS on_`).get()).toEqual({ on_: 1 });
  });

  it('keeps everything written at version 3, fills the new columns, and indexes existing messages', () => {
    applyMigrations(db, migrations.slice(0, 3));
    db.prepare(
      `INSERT INTO conversations (id, title, created_at, updated_at, default_model, params_json)
       VALUES (1, 'Trip to Lisbon', 1, 50, 'openai/gpt-5', '{"temperature":0.3}'), (2, '', 2, 3, NULL, NULL),
              (3, 'Empty', 4, 4, NULL, NULL)`,
    ).run();
    db.prepare(
      `INSERT INTO requests (id, request_id, started_at, origin, model_requested, status, cost, conversation_id, owner)
       VALUES (5, 'r-1', 100, 'playground', 'openai/gpt-5', 'ok', 0.000123456789012345, 1, 'h/1/1')`,
    ).run();
    db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, request_id, created_at) VALUES
         (10, 1, NULL, 'user', 'Where should we eat in Lisbon?', NULL, 10),
         (11, 1, 10, 'assistant', 'Try the pastéis de nata near Belém.', 5, 11),
         (12, 1, 10, 'assistant', 'An older alternative answer.', NULL, 12),
         (20, 2, NULL, 'user', 'hello there', NULL, 20)`,
    ).run();

    const result = applyMigrations(db, migrations.slice(0, 4));

    expect(result).toEqual({ fromVersion: 3, toVersion: 4 });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(
      db
        .prepare(
          `SELECT id, title, title_source, pinned, archived, deleted_at, active_leaf_id, system_prompt,
                  default_model, params_json, updated_at
           FROM conversations ORDER BY id`,
        )
        .all(),
    ).toEqual([
      {
        id: 1,
        title: 'Trip to Lisbon',
        // No title model wrote it: it counts as the user's and is never overwritten.
        title_source: 'user',
        pinned: 0,
        archived: 0,
        deleted_at: null,
        active_leaf_id: 12,
        system_prompt: '',
        default_model: 'openai/gpt-5',
        params_json: '{"temperature":0.3}',
        updated_at: 50,
      },
      {
        id: 2,
        title: '',
        title_source: 'none',
        pinned: 0,
        archived: 0,
        deleted_at: null,
        active_leaf_id: 20,
        system_prompt: '',
        default_model: null,
        params_json: null,
        updated_at: 3,
      },
      {
        id: 3,
        title: 'Empty',
        title_source: 'user',
        pinned: 0,
        archived: 0,
        deleted_at: null,
        active_leaf_id: null,
        system_prompt: '',
        default_model: null,
        params_json: null,
        updated_at: 4,
      },
    ]);
    expect(
      db
        .prepare(
          `SELECT id, parent_id, content, request_id, status, error_json, usage_json, request_uuid FROM messages ORDER BY id`,
        )
        .all(),
    ).toEqual([
      {
        id: 10,
        parent_id: null,
        content: 'Where should we eat in Lisbon?',
        request_id: null,
        status: 'done',
        error_json: null,
        usage_json: null,
        request_uuid: null,
      },
      {
        id: 11,
        parent_id: 10,
        content: 'Try the pastéis de nata near Belém.',
        request_id: 5,
        status: 'done',
        error_json: null,
        usage_json: null,
        request_uuid: null,
      },
      {
        id: 12,
        parent_id: 10,
        content: 'An older alternative answer.',
        request_id: null,
        status: 'done',
        error_json: null,
        usage_json: null,
        request_uuid: null,
      },
      {
        id: 20,
        parent_id: null,
        content: 'hello there',
        request_id: null,
        status: 'done',
        error_json: null,
        usage_json: null,
        request_uuid: null,
      },
    ]);
    expect(db.prepare('SELECT id, cost, conversation_id, owner FROM requests').all()).toEqual([
      { id: 5, cost: 0.000123456789012345, conversation_id: 1, owner: 'h/1/1' },
    ]);

    // Messages written before the step are searchable, accents or not.
    expect(matches(db, 'lisbon')).toEqual([10]);
    expect(matches(db, 'belem')).toEqual([11]);
    expect(matches(db, 'pasteis')).toEqual([11]);
    expect(matches(db, 'answer OR hello')).toEqual([12, 20]);
    indexInStep(db);
  });

  describe('after the step', () => {
    beforeEach(() => {
      applyMigrations(db, migrations.slice(0, 4));
      db.prepare(`INSERT INTO conversations (id, created_at, updated_at) VALUES (1, 1, 1)`).run();
    });

    it('adds the new columns at the end of conversations and messages', () => {
      expect(columns(db, 'conversations')).toEqual([
        'id',
        'title',
        'created_at',
        'updated_at',
        'default_model',
        'params_json',
        'archived',
        'pinned',
        'title_source',
        'deleted_at',
        'active_leaf_id',
        'system_prompt',
      ]);
      expect(columns(db, 'messages')).toEqual([
        'id',
        'conversation_id',
        'parent_id',
        'role',
        'content',
        'reasoning',
        'model',
        'request_id',
        'created_at',
        'status',
        'error_json',
        'usage_json',
        'reasoning_details_json',
        'params_json',
        'model_used',
        'provider',
        'finish_reason',
        'ttft_ms',
        'duration_ms',
        'request_uuid',
      ]);
      const indexes = (db.pragma('index_list(conversations)') as { name: string }[]).map((i) => i.name);
      expect(indexes).toEqual(expect.arrayContaining(['conversations_listing', 'conversations_deleted_at']));
    });

    it('refuses an unknown message status, title source, and JSON columns that are not JSON', () => {
      const insert = (status: string, usage: string | null) =>
        db
          .prepare(
            `INSERT INTO messages (conversation_id, role, created_at, status, usage_json) VALUES (1, 'user', 1, ?, ?)`,
          )
          .run(status, usage);
      insert('streaming', '{"cost":0.1}');
      expect(() => insert('finished', null)).toThrow(/CHECK constraint/);
      expect(() => insert('done', '{oops')).toThrow(/CHECK constraint/);
      expect(() =>
        db.prepare(`UPDATE messages SET error_json = 'not json', reasoning_details_json = '[]'`).run(),
      ).toThrow(/CHECK constraint/);
      expect(() => db.prepare(`UPDATE conversations SET title_source = 'model'`).run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare(`UPDATE conversations SET pinned = 2`).run()).toThrow(/CHECK constraint/);
    });

    it('keeps the full-text index in step with inserts, content edits, deletes and cascades', () => {
      const add = db.prepare(
        `INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at) VALUES (?, 1, ?, ?, ?, 1)`,
      );
      add.run(1, null, 'user', 'How do I brew oolong tea?');
      add.run(2, 1, 'assistant', 'Rinse the leaves, then steep…');
      expect(matches(db, 'oolong')).toEqual([1]);

      // A streamed answer grows: the index follows its content.
      db.prepare(`UPDATE messages SET content = 'Use water at 90 degrees' WHERE id = 2`).run();
      expect(matches(db, 'steep')).toEqual([]);
      expect(matches(db, 'degrees')).toEqual([2]);
      // Other columns change without touching the index.
      db.prepare(`UPDATE messages SET status = 'done', usage_json = '{}' WHERE id = 2`).run();
      expect(matches(db, 'degrees')).toEqual([2]);
      indexInStep(db);

      db.prepare('DELETE FROM messages WHERE id = 2').run();
      expect(matches(db, 'degrees')).toEqual([]);
      add.run(3, 1, 'assistant', 'Oolong likes short steeps.');
      expect(matches(db, 'oolong')).toEqual([1, 3]);

      // Deleting the conversation cascades to its messages, and the index forgets them too.
      db.prepare('DELETE FROM conversations WHERE id = 1').run();
      expect(matches(db, 'oolong')).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
      indexInStep(db);
    });

    it('clears the active leaf when that message is removed, and refuses a leaf that does not exist', () => {
      db.prepare(`INSERT INTO messages (id, conversation_id, role, created_at) VALUES (1, 1, 'user', 1)`).run();
      db.prepare('UPDATE conversations SET active_leaf_id = 1 WHERE id = 1').run();
      db.prepare('DELETE FROM messages WHERE id = 1').run();
      expect(db.prepare('SELECT active_leaf_id FROM conversations').get()).toEqual({ active_leaf_id: null });
      expect(() => db.prepare('UPDATE conversations SET active_leaf_id = 99 WHERE id = 1').run()).toThrow(
        /FOREIGN KEY/,
      );
    });
  });
});
