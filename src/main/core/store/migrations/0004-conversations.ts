import type { Migration } from './types';

/**
 * Stored conversations: what a conversation remembers (pin, where its title came from, the bin,
 * the branch on screen, its system prompt), what each message records about the request that
 * wrote it, and a full-text index over message content.
 *
 * The index is an FTS5 external-content table: the text lives once, in messages, and triggers
 * keep the index in step. Updates that leave `content` as it was (a status, a cost arriving)
 * leave the index alone. unicode61 with remove_diacritics 2 lets "cafe" find "café".
 *
 * Existing conversations keep their titles as the user's own (no title model wrote them, so it
 * must not overwrite them), and show their newest message's branch.
 */
export const conversations: Migration = {
  version: 4,
  name: 'conversations',
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
      ALTER TABLE conversations ADD COLUMN title_source TEXT NOT NULL DEFAULT 'none'
        CHECK (title_source IN ('none', 'auto', 'user'));
      -- Set when moved to the bin; the row is purged a day later, until then restore undoes it.
      ALTER TABLE conversations ADD COLUMN deleted_at INTEGER;
      ALTER TABLE conversations ADD COLUMN active_leaf_id INTEGER REFERENCES messages (id) ON DELETE SET NULL;
      ALTER TABLE conversations ADD COLUMN system_prompt TEXT NOT NULL DEFAULT '';

      UPDATE conversations SET title_source = 'user' WHERE title <> '';
      UPDATE conversations SET active_leaf_id = (
        SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1
      );

      -- The sidebar: live conversations, pinned first, newest first.
      CREATE INDEX conversations_listing ON conversations (archived, pinned, updated_at)
        WHERE deleted_at IS NULL;
      CREATE INDEX conversations_deleted_at ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

      ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'done'
        CHECK (status IN ('streaming', 'done', 'stopped', 'error', 'interrupted'));
      ALTER TABLE messages ADD COLUMN error_json TEXT CHECK (error_json IS NULL OR json_valid(error_json));
      -- Tokens, cost and where the cost came from ('billed', 'generation', 'estimated').
      ALTER TABLE messages ADD COLUMN usage_json TEXT CHECK (usage_json IS NULL OR json_valid(usage_json));
      -- OpenRouter's reasoning_details, verbatim: later turns must send them back unchanged.
      ALTER TABLE messages ADD COLUMN reasoning_details_json TEXT
        CHECK (reasoning_details_json IS NULL OR json_valid(reasoning_details_json));
      ALTER TABLE messages ADD COLUMN params_json TEXT CHECK (params_json IS NULL OR json_valid(params_json));
      ALTER TABLE messages ADD COLUMN model_used TEXT;
      ALTER TABLE messages ADD COLUMN provider TEXT;
      ALTER TABLE messages ADD COLUMN finish_reason TEXT;
      ALTER TABLE messages ADD COLUMN ttft_ms INTEGER;
      ALTER TABLE messages ADD COLUMN duration_ms INTEGER;
      -- The chat.start request id (a UUID); request_id is the ledger row.
      ALTER TABLE messages ADD COLUMN request_uuid TEXT;
      -- Start-up finds answers a crash left streaming.
      CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';

      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        content,
        content = 'messages',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages
      WHEN old.content IS NOT new.content BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
      END;
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    `);
  },
};
