import type { Migration } from './types';

/**
 * The ledger, conversations and settings.
 *
 * CHECK constraints cannot be altered in SQLite without rebuilding the table, so they are kept to
 * values that are settled (request status, message role, booleans). Columns that later features
 * will fill (cost_source for /generation reconciliation, parent_id for branching) exist now;
 * anything else can be added later with ALTER TABLE ... ADD COLUMN.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        id            INTEGER PRIMARY KEY,
        title         TEXT NOT NULL DEFAULT '',
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        default_model TEXT,
        params_json   TEXT,
        archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
      );
      CREATE INDEX conversations_updated_at ON conversations (updated_at);

      -- One row per API request, written before the request is sent so a crash leaves a trace.
      CREATE TABLE requests (
        id                INTEGER PRIMARY KEY,
        request_id        TEXT NOT NULL UNIQUE,
        started_at        INTEGER NOT NULL,
        ended_at          INTEGER,
        origin            TEXT NOT NULL,
        model_requested   TEXT NOT NULL,
        model_used        TEXT,
        provider          TEXT,
        generation_id     TEXT,
        status            TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'ok', 'error', 'cancelled', 'interrupted')),
        finish_reason     TEXT,
        prompt_tokens     INTEGER,
        completion_tokens INTEGER,
        reasoning_tokens  INTEGER,
        cached_tokens     INTEGER,
        -- USD as billed, full precision. cost_source says where it came from ('usage' on the
        -- stream, 'generation' once reconciled); left unconstrained so new sources need no rebuild.
        cost              REAL,
        cost_source       TEXT,
        ttft_ms           INTEGER,
        duration_ms       INTEGER,
        error_code        TEXT,
        error_message     TEXT,
        streamed          INTEGER CHECK (streamed IN (0, 1)),
        conversation_id   INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
        params_json       TEXT
      );
      CREATE INDEX requests_started_at ON requests (started_at);
      CREATE INDEX requests_status ON requests (status);
      CREATE INDEX requests_model_used ON requests (model_used);
      CREATE INDEX requests_generation_id ON requests (generation_id);
      CREATE INDEX requests_conversation_id ON requests (conversation_id);

      CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        -- The message this one answers or follows; a tree, so a conversation can branch.
        parent_id       INTEGER REFERENCES messages (id) ON DELETE CASCADE,
        role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        content         TEXT NOT NULL DEFAULT '',
        reasoning       TEXT,
        model           TEXT,
        request_id      INTEGER REFERENCES requests (id) ON DELETE SET NULL,
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX messages_conversation_id ON messages (conversation_id, created_at);
      CREATE INDEX messages_parent_id ON messages (parent_id);
      CREATE INDEX messages_request_id ON messages (request_id);

      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL CHECK (json_valid(value_json)),
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
