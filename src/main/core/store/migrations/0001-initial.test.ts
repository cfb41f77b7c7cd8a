import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate';
import { migrations } from './index';

function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}
function indexes(db: Database.Database, table: string): string[] {
  return (db.pragma(`index_list(${table})`) as { name: string }[]).map((i) => i.name);
}

describe('migration 1: initial', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, migrations.slice(0, 1));
  });
  afterEach(() => db.close());

  it('sets the schema version to 1', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('creates the ledger table with every column and index the ledger uses', () => {
    expect(columns(db, 'requests')).toEqual([
      'id',
      'request_id',
      'started_at',
      'ended_at',
      'origin',
      'model_requested',
      'model_used',
      'provider',
      'generation_id',
      'status',
      'finish_reason',
      'prompt_tokens',
      'completion_tokens',
      'reasoning_tokens',
      'cached_tokens',
      'cost',
      'cost_source',
      'ttft_ms',
      'duration_ms',
      'error_code',
      'error_message',
      'streamed',
      'conversation_id',
      'params_json',
    ]);
    expect(indexes(db, 'requests')).toEqual(
      expect.arrayContaining([
        'requests_started_at',
        'requests_status',
        'requests_model_used',
        'requests_generation_id',
      ]),
    );
  });

  it('creates conversations, messages and settings', () => {
    expect(columns(db, 'conversations')).toEqual([
      'id',
      'title',
      'created_at',
      'updated_at',
      'default_model',
      'params_json',
      'archived',
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
    ]);
    expect(columns(db, 'settings')).toEqual(['key', 'value_json', 'updated_at']);
  });

  it('rejects an unknown request status and a duplicate request id', () => {
    const insert = db.prepare(
      `INSERT INTO requests (request_id, started_at, origin, model_requested, status) VALUES (?, 1, 'other', 'm', ?)`,
    );
    insert.run('a', 'pending');
    expect(() => insert.run('b', 'done')).toThrow(/CHECK constraint/);
    expect(() => insert.run('a', 'ok')).toThrow(/UNIQUE/);
  });

  it('rejects an unknown message role and a setting that is not JSON', () => {
    db.prepare(`INSERT INTO conversations (id, created_at, updated_at) VALUES (1, 1, 1)`).run();
    expect(() =>
      db.prepare(`INSERT INTO messages (conversation_id, role, created_at) VALUES (1, 'robot', 1)`).run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('k', '{oops', 1)`).run(),
    ).toThrow(/CHECK constraint/);
  });

  it('deletes a conversation with its messages but keeps its requests in the ledger', () => {
    db.prepare(`INSERT INTO conversations (id, created_at, updated_at) VALUES (1, 1, 1)`).run();
    db.prepare(
      `INSERT INTO requests (id, request_id, started_at, origin, model_requested, conversation_id)
       VALUES (7, 'r', 1, 'playground', 'm', 1)`,
    ).run();
    db.prepare(`INSERT INTO messages (id, conversation_id, role, created_at) VALUES (1, 1, 'user', 1)`).run();
    db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, request_id, created_at) VALUES (2, 1, 1, 'assistant', 7, 2)`,
    ).run();

    db.prepare('DELETE FROM conversations WHERE id = 1').run();

    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT id, conversation_id FROM requests').all()).toEqual([{ id: 7, conversation_id: null }]);
  });

  it('keeps a message when its ledger row is deleted, and removes replies with their parent', () => {
    db.prepare(`INSERT INTO conversations (id, created_at, updated_at) VALUES (1, 1, 1)`).run();
    db.prepare(
      `INSERT INTO requests (id, request_id, started_at, origin, model_requested) VALUES (7, 'r', 1, 'playground', 'm')`,
    ).run();
    db.prepare(`INSERT INTO messages (id, conversation_id, role, created_at) VALUES (1, 1, 'user', 1)`).run();
    db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, request_id, created_at) VALUES (2, 1, 1, 'assistant', 7, 2)`,
    ).run();

    db.prepare('DELETE FROM requests WHERE id = 7').run();
    expect(db.prepare('SELECT request_id FROM messages WHERE id = 2').get()).toEqual({ request_id: null });

    db.prepare('DELETE FROM messages WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });

  it('refuses a message in a conversation that does not exist', () => {
    expect(() =>
      db.prepare(`INSERT INTO messages (conversation_id, role, created_at) VALUES (99, 'user', 1)`).run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
