/**
 * Stored conversations: a tree of messages each, settings remembered per conversation, a bin
 * that keeps deleted ones for a day, full-text search, and export/import. Plain Node over the
 * better-sqlite3 connection the core opened (schema: migrations 0001 and 0004).
 *
 * Costs are not stored here: a conversation's total is what the ledger recorded for its requests,
 * so it always agrees with Usage, including costs that arrive later from /generation.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import { AppErrorShape, ChatParams, type ChatParams as ChatParamsValue } from '@shared/schemas';
import {
  buildTree,
  MessageStatus,
  MessageUsage,
  newestLeafFrom,
  pathTo,
  type Conversation,
  type ConversationSettings,
  type ConversationSummary,
  type ExportResult,
  type SearchHit,
  type StoredMessage,
} from '@shared/conversations';
import { redactApiKeys, refuseApiKey } from '../store/no-secrets';
import { parseExport, toJson, toMarkdown } from './conversation-files';
import { ftsQuery } from './search-query';

export interface CreateInput {
  title?: string;
  settings?: Partial<ConversationSettings>;
}

export interface UpdateInput {
  id: number;
  title?: string;
  pinned?: boolean;
  archived?: boolean;
  settings?: Partial<ConversationSettings>;
  activeLeafId?: number;
}

export interface NewMessage {
  parentId: number | null;
  role: 'user' | 'assistant';
  content: string;
  model?: string | null;
  params?: ChatParamsValue | null;
  status?: MessageStatus;
  /** The chat.start request id. */
  requestUuid?: string | null;
  /** The ledger row (requests.id) of the request that writes this answer. */
  ledgerId?: number | null;
}

export interface MessagePatch {
  content?: string;
  reasoning?: string;
  reasoningDetails?: unknown[] | null;
  status?: MessageStatus;
  error?: AppErrorShape | null;
  usage?: MessageUsage | null;
  modelUsed?: string | null;
  provider?: string | null;
  finishReason?: string | null;
  ttftMs?: number | null;
  durationMs?: number | null;
  ledgerId?: number | null;
}

interface SummaryRow {
  id: number;
  title: string;
  title_source: ConversationSummary['titleSource'];
  created_at: number;
  updated_at: number;
  pinned: number;
  archived: number;
  default_model: string | null;
  message_count: number;
  total_cost: number;
}

interface ConversationRow extends SummaryRow {
  params_json: string | null;
  system_prompt: string;
  active_leaf_id: number | null;
}

interface MessageRow {
  id: number;
  conversation_id: number;
  parent_id: number | null;
  role: string;
  content: string;
  reasoning: string | null;
  model: string | null;
  request_id: number | null;
  created_at: number;
  status: string;
  error_json: string | null;
  usage_json: string | null;
  reasoning_details_json: string | null;
  params_json: string | null;
  model_used: string | null;
  provider: string | null;
  finish_reason: string | null;
  ttft_ms: number | null;
  duration_ms: number | null;
  request_uuid: string | null;
}

/** Rows the app shows. Migration 0001 allowed 'system' and 'tool' too; nothing writes them. */
const SHOWN_ROLES = `role IN ('user', 'assistant')`;

const SUMMARY_COLUMNS = `
  c.id, c.title, c.title_source, c.created_at, c.updated_at, c.pinned, c.archived, c.default_model,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.${SHOWN_ROLES}) AS message_count,
  (SELECT COALESCE(SUM(r.cost), 0) FROM requests r WHERE r.conversation_id = c.id) AS total_cost`;

/** Which column each patch field writes, and how its value is stored. */
const PATCH_COLUMNS: { [K in keyof MessagePatch]-?: { column: string; store: (v: MessagePatch[K]) => unknown } } = {
  content: { column: 'content', store: (v) => redactApiKeys(v ?? '') },
  reasoning: { column: 'reasoning', store: (v) => redactApiKeys(v ?? '') },
  reasoningDetails: { column: 'reasoning_details_json', store: (v) => storeJson(z.array(z.unknown()), v) },
  status: { column: 'status', store: (v) => MessageStatus.parse(v) },
  error: { column: 'error_json', store: (v) => storeJson(AppErrorShape, v) },
  usage: { column: 'usage_json', store: (v) => storeJson(MessageUsage, v) },
  modelUsed: { column: 'model_used', store: (v) => v ?? null },
  provider: { column: 'provider', store: (v) => v ?? null },
  finishReason: { column: 'finish_reason', store: (v) => v ?? null },
  ttftMs: { column: 'ttft_ms', store: (v) => v ?? null },
  durationMs: { column: 'duration_ms', store: (v) => v ?? null },
  ledgerId: { column: 'request_id', store: (v) => v ?? null },
};

const INTERRUPTED_ERROR: AppErrorShape = {
  code: 'interrupted',
  message:
    'RouterDesk closed while this answer was being written. The text so far is kept; regenerate it for a full answer.',
};

const IMPORTED_SUFFIX = ' (imported)';

/** JSON for a column, validated first; the API key never reaches the file even inside a value. */
function storeJson<T>(schema: z.ZodType<T>, value: T | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      `That value cannot be stored: ${parsed.error.issues[0]?.message ?? 'it is malformed'}.`,
    );
  }
  return redactApiKeys(JSON.stringify(parsed.data));
}

/** A JSON column read back; a value that no longer fits its schema reads as null rather than failing the whole conversation. */
function readJson<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toMessage(row: MessageRow): StoredMessage {
  const status = MessageStatus.safeParse(row.status);
  return {
    id: row.id,
    conversationId: row.conversation_id,
    parentId: row.parent_id,
    role: row.role === 'assistant' ? 'assistant' : 'user',
    content: row.content,
    reasoning: row.reasoning ?? '',
    reasoningDetails: readJson(z.array(z.unknown()), row.reasoning_details_json),
    model: row.model,
    modelUsed: row.model_used,
    provider: row.provider,
    params: readJson(ChatParams, row.params_json),
    status: status.success ? status.data : 'done',
    error: readJson(AppErrorShape, row.error_json),
    usage: readJson(MessageUsage, row.usage_json),
    finishReason: row.finish_reason,
    ttftMs: row.ttft_ms,
    durationMs: row.duration_ms,
    ledgerId: row.request_id,
    requestId: row.request_uuid,
    createdAt: row.created_at,
  };
}

function toSummary(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    title: row.title,
    titleSource: row.title_source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    model: row.default_model ?? '',
    messageCount: row.message_count,
    totalCost: row.total_cost,
  };
}

function notFound(id: number): AppError {
  return new AppError(
    'not_found',
    `Conversation ${id} no longer exists (it was deleted, perhaps in another window). Choose another one from the list.`,
  );
}

function checkSettings(settings: Partial<ConversationSettings> | undefined, title?: string): void {
  if (title !== undefined) refuseApiKey(title, 'The title');
  if (settings?.systemPrompt !== undefined) refuseApiKey(settings.systemPrompt, 'The system prompt');
  if (settings?.params !== undefined) refuseApiKey(JSON.stringify(settings.params), 'The request parameters');
  if (settings?.model !== undefined) refuseApiKey(settings.model, 'The model');
}

export class ConversationStore {
  private readonly patchStatements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Conversations

  /** Live conversations, pinned first, then most recently active. `archived` shows the archive instead. */
  list(opts: { archived?: boolean } = {}): ConversationSummary[] {
    return this.db
      .prepare<[number], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM conversations c
         WHERE c.deleted_at IS NULL AND c.archived = ?
         ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC`,
      )
      .all(opts.archived ? 1 : 0)
      .map(toSummary);
  }

  /** A live conversation's summary, or null when it is unknown or in the bin. */
  summary(id: number): ConversationSummary | null {
    const row = this.db
      .prepare<[number], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ? AND c.deleted_at IS NULL`,
      )
      .get(id);
    return row ? toSummary(row) : null;
  }

  create(input: CreateInput = {}): ConversationSummary {
    const title = (input.title ?? '').trim();
    checkSettings(input.settings, title);
    const at = this.now();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO conversations (title, title_source, created_at, updated_at, default_model, params_json, system_prompt)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        title,
        title ? 'user' : 'none',
        at,
        at,
        input.settings?.model || null,
        JSON.stringify(ChatParams.parse(input.settings?.params ?? {})),
        input.settings?.systemPrompt ?? '',
      );
    return this.summary(Number(lastInsertRowid))!;
  }

  /** The whole tree, oldest first, with its settings and the branch on screen. */
  get(id: number): Conversation {
    const row = this.db
      .prepare<[number], ConversationRow>(
        `SELECT ${SUMMARY_COLUMNS}, c.params_json, c.system_prompt, c.active_leaf_id
         FROM conversations c WHERE c.id = ? AND c.deleted_at IS NULL`,
      )
      .get(id);
    if (!row) throw notFound(id);
    const messages = this.messagesOf(id);
    const tree = buildTree(messages);
    // A conversation from before branches were tracked, or whose leaf went: show its newest branch.
    const activeLeafId =
      row.active_leaf_id !== null && tree.byId.has(row.active_leaf_id)
        ? row.active_leaf_id
        : newestLeafFrom(tree, null);
    return {
      ...toSummary(row),
      settings: {
        model: row.default_model ?? '',
        params: readJson(ChatParams, row.params_json) ?? {},
        systemPrompt: row.system_prompt,
      },
      messages,
      activeLeafId,
    };
  }

  /**
   * Renames (the title is then the user's: a title model never overwrites it; an empty one hands
   * it back), pins, archives, changes settings (only the fields given), or switches the branch.
   * None of these is activity: the list order (updated_at) moves only when a message is added.
   */
  update(input: UpdateInput): ConversationSummary {
    const { id } = input;
    if (input.title !== undefined) input = { ...input, title: input.title.trim() };
    checkSettings(input.settings, input.title);
    this.db.transaction(() => {
      const current = this.db
        .prepare<[number], { default_model: string | null; params_json: string | null; system_prompt: string }>(
          'SELECT default_model, params_json, system_prompt FROM conversations WHERE id = ? AND deleted_at IS NULL',
        )
        .get(id);
      if (!current) throw notFound(id);
      const set = (sql: string, ...values: unknown[]) =>
        this.db.prepare(`UPDATE conversations SET ${sql} WHERE id = ?`).run(...values, id);

      if (input.activeLeafId !== undefined) {
        this.requireMessageIn(id, input.activeLeafId, 'shown as the current branch');
        set('active_leaf_id = ?', input.activeLeafId);
      }
      if (input.pinned !== undefined) set('pinned = ?', input.pinned ? 1 : 0);
      if (input.archived !== undefined) set('archived = ?', input.archived ? 1 : 0);
      if (input.title !== undefined) set('title = ?, title_source = ?', input.title, input.title ? 'user' : 'none');
      const s = input.settings;
      if (s !== undefined) {
        set(
          'default_model = ?, params_json = ?, system_prompt = ?',
          s.model !== undefined ? s.model || null : current.default_model,
          s.params !== undefined ? JSON.stringify(ChatParams.parse(s.params)) : current.params_json,
          s.systemPrompt ?? current.system_prompt,
        );
      }
    })();
    return this.summary(id)!;
  }

  /**
   * A title from the title model. The user's own title always wins: returns null (and changes
   * nothing) when the user has named the conversation, or it is gone.
   */
  setAutoTitle(id: number, title: string): ConversationSummary | null {
    const clean = redactApiKeys(title.replace(/\s+/g, ' ').trim()).slice(0, 300);
    if (!clean) return null;
    const { changes } = this.db
      .prepare(
        `UPDATE conversations SET title = ?, title_source = 'auto'
         WHERE id = ? AND deleted_at IS NULL AND title_source <> 'user'`,
      )
      .run(clean, id);
    return changes === 1 ? this.summary(id) : null;
  }

  /** Moves a conversation to the bin. Returns false when it was not live. */
  delete(id: number): boolean {
    return (
      this.db.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(this.now(), id)
        .changes === 1
    );
  }

  /** Takes a conversation back out of the bin (undo), where it was in the list before. */
  restore(id: number): ConversationSummary {
    const { changes } = this.db.prepare('UPDATE conversations SET deleted_at = NULL WHERE id = ?').run(id);
    if (changes === 0) {
      throw new AppError(
        'not_found',
        'That conversation cannot be restored: deleted conversations are kept for a day, and this one is gone for good.',
      );
    }
    return this.summary(id)!;
  }

  /** Deletes for good what has been in the bin for `olderThanMs` or longer; returns how many. */
  purgeDeleted(olderThanMs: number): number {
    const cutoff = this.now() - olderThanMs;
    return this.db.transaction(() => {
      const doomed = `SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= @cutoff`;
      // Replies cascade from their parent one level at a time, and SQLite stops at 1000 levels:
      // unlinking them first lets a long conversation go in one step.
      this.db.prepare(`UPDATE messages SET parent_id = NULL WHERE conversation_id IN (${doomed})`).run({ cutoff });
      // The ledger keeps their requests (conversation_id becomes NULL): spend stays in Usage.
      return this.db.prepare(`DELETE FROM conversations WHERE id IN (${doomed})`).run({ cutoff }).changes;
    })();
  }

  // -------------------------------------------------------------------------------------------
  // Search, export, import

  /** Messages of live conversations that match what the user typed, best match first. */
  search(query: string, limit = 50): SearchHit[] {
    const match = ftsQuery(query);
    if (match === null) return [];
    try {
      return this.db
        .prepare<[string, number], SearchHit>(
          `SELECT m.conversation_id AS conversationId, m.id AS messageId, c.title, m.role,
                  snippet(messages_fts, 0, char(1), char(2), '…', 16) AS snippet, m.created_at AS createdAt
           FROM messages_fts
           JOIN messages m ON m.id = messages_fts.rowid
           JOIN conversations c ON c.id = m.conversation_id
           WHERE messages_fts MATCH ? AND c.deleted_at IS NULL AND m.${SHOWN_ROLES}
           ORDER BY messages_fts.rank, m.created_at DESC
           LIMIT ?`,
        )
        .all(match, limit);
    } catch (e) {
      // ftsQuery quotes everything, so this should not happen; a search box never shows an error.
      if ((e as { code?: unknown }).code === 'SQLITE_ERROR') return [];
      throw e;
    }
  }

  export(id: number, format: 'markdown' | 'json'): ExportResult {
    const conversation = this.get(id);
    const exportedAt = this.now();
    if (format === 'json') return toJson(conversation, { exportedAt });
    const ledgerCost = this.db.prepare<[number], { cost: number | null }>('SELECT cost FROM requests WHERE id = ?');
    return toMarkdown(conversation, {
      exportedAt,
      costOf: (m) => m.usage?.cost ?? (m.ledgerId !== null ? (ledgerCost.get(m.ledgerId)?.cost ?? null) : null),
    });
  }

  /**
   * Adds a conversation from an exported JSON file, all of it or nothing: new ids, parents
   * remapped, shown at the top of the list. A title already in use gets " (imported)".
   */
  import(content: string): ConversationSummary {
    const file = parseExport(content);
    return this.db.transaction(() => {
      const taken = this.db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM conversations WHERE title = ? AND deleted_at IS NULL',
        )
        .get(file.title)!.n;
      const title =
        file.title && taken > 0 ? `${file.title.slice(0, 300 - IMPORTED_SUFFIX.length)}${IMPORTED_SUFFIX}` : file.title;
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO conversations (title, title_source, created_at, updated_at, pinned, default_model, params_json, system_prompt)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          redactApiKeys(title),
          file.titleSource,
          file.createdAt,
          this.now(),
          file.pinned ? 1 : 0,
          file.settings.model || null,
          redactApiKeys(JSON.stringify(file.settings.params)),
          redactApiKeys(file.settings.systemPrompt),
        );
      const conversationId = Number(lastInsertRowid);
      const insert = this.db.prepare(
        `INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, model, created_at, status,
                               error_json, usage_json, reasoning_details_json, params_json, model_used, provider,
                               finish_reason, ttft_ms, duration_ms)
         VALUES (@conversationId, @parentId, @role, @content, @reasoning, @model, @createdAt, @status,
                 @error, @usage, @reasoningDetails, @params, @modelUsed, @provider,
                 @finishReason, @ttftMs, @durationMs)`,
      );
      const newIds = new Map<number, number>();
      for (const m of file.messages) {
        const { lastInsertRowid: messageId } = insert.run({
          conversationId,
          parentId: m.parentId === null ? null : newIds.get(m.parentId)!,
          role: m.role,
          content: redactApiKeys(m.content),
          reasoning: redactApiKeys(m.reasoning),
          model: m.model,
          createdAt: m.createdAt,
          // An export taken mid-answer: that answer will never finish now.
          status: m.status === 'streaming' ? 'interrupted' : m.status,
          error: storeJson(AppErrorShape, m.error),
          usage: storeJson(MessageUsage, m.usage),
          reasoningDetails: storeJson(z.array(z.unknown()), m.reasoningDetails),
          params: storeJson(ChatParams, m.params),
          modelUsed: m.modelUsed,
          provider: m.provider,
          finishReason: m.finishReason,
          ttftMs: m.ttftMs,
          durationMs: m.durationMs,
        });
        newIds.set(m.id, Number(messageId));
      }
      if (file.activeLeafId !== null) {
        this.db
          .prepare('UPDATE conversations SET active_leaf_id = ? WHERE id = ?')
          .run(newIds.get(file.activeLeafId)!, conversationId);
      }
      return this.summary(conversationId)!;
    })();
  }

  // -------------------------------------------------------------------------------------------
  // Messages (for the chat wiring)

  /**
   * Adds a message under `parentId` (null: the first message) and shows its branch. Bumps the
   * conversation to the top of the list.
   */
  addMessage(conversationId: number, message: NewMessage): StoredMessage {
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw new AppError(
        'invalid_input',
        `A stored message is from the user or the assistant, not "${String(message.role)}".`,
      );
    }
    const status = MessageStatus.parse(message.status ?? 'done');
    const params = message.params == null ? null : storeJson(ChatParams, message.params);
    const id = this.db.transaction(() => {
      const live = this.db
        .prepare<[number], { id: number }>('SELECT id FROM conversations WHERE id = ? AND deleted_at IS NULL')
        .get(conversationId);
      if (!live) throw notFound(conversationId);
      if (message.parentId !== null)
        this.requireMessageIn(conversationId, message.parentId, 'followed by a new message');
      const at = this.now();
      let inserted: number;
      try {
        inserted = Number(
          this.db
            .prepare(
              `INSERT INTO messages (conversation_id, parent_id, role, content, model, params_json, status,
                                     request_uuid, request_id, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              conversationId,
              message.parentId,
              message.role,
              redactApiKeys(message.content),
              message.model ?? null,
              params,
              status,
              message.requestUuid ?? null,
              message.ledgerId ?? null,
              at,
            ).lastInsertRowid,
        );
      } catch (e) {
        throw this.ledgerLinkError(e, message.ledgerId);
      }
      this.db
        .prepare('UPDATE conversations SET updated_at = ?, active_leaf_id = ? WHERE id = ?')
        .run(at, inserted, conversationId);
      return inserted;
    })();
    return this.getMessage(id)!;
  }

  /** Writes the fields given (a streamed answer growing, then finishing); returns the message. */
  updateMessage(id: number, patch: MessagePatch): StoredMessage {
    const fields = (Object.keys(PATCH_COLUMNS) as (keyof MessagePatch)[]).filter((k) => patch[k] !== undefined);
    if (fields.length > 0) {
      const values: Record<string, unknown> = { id };
      for (const field of fields) {
        const { store } = PATCH_COLUMNS[field] as { store: (v: unknown) => unknown };
        values[field] = store(patch[field]);
      }
      // One statement per set of fields, so an update that leaves content alone never names it
      // (naming it would re-index the text).
      const key = fields.join(',');
      let statement = this.patchStatements.get(key);
      if (!statement) {
        const sets = fields.map((f) => `${PATCH_COLUMNS[f].column} = @${f}`).join(', ');
        statement = this.db.prepare(`UPDATE messages SET ${sets} WHERE id = @id`);
        this.patchStatements.set(key, statement);
      }
      try {
        if (statement.run(values).changes === 0) throw this.messageNotFound(id);
      } catch (e) {
        throw this.ledgerLinkError(e, patch.ledgerId);
      }
    }
    const message = this.getMessage(id);
    if (!message) throw this.messageNotFound(id);
    return message;
  }

  getMessage(id: number): StoredMessage | null {
    const row = this.db.prepare<[number], MessageRow>(`SELECT * FROM messages WHERE id = ? AND ${SHOWN_ROLES}`).get(id);
    return row ? toMessage(row) : null;
  }

  /** The answer a request wrote, by its ledger row: a cost that arrives later finds it this way. */
  messageOfRequest(ledgerId: number): StoredMessage | null {
    const row = this.db
      .prepare<[number], MessageRow>(
        `SELECT * FROM messages WHERE request_id = ? AND ${SHOWN_ROLES} ORDER BY id DESC LIMIT 1`,
      )
      .get(ledgerId);
    return row ? toMessage(row) : null;
  }

  /** The messages from the first one down to `leafId`: what a request in this branch sends. */
  branchPath(conversationId: number, leafId: number | null): StoredMessage[] {
    if (leafId === null) return [];
    this.requireMessageIn(conversationId, leafId, 'used as the end of a branch');
    return pathTo(buildTree(this.messagesOf(conversationId)), leafId);
  }

  /**
   * Answers a crash left 'streaming' become 'interrupted', their text kept. An answer whose
   * ledger row is still pending belongs to another RouterDesk sharing this data directory and
   * still running (rows of dead processes are marked interrupted at start-up before this runs),
   * so it is left alone. Returns how many changed.
   */
  markStreamingInterrupted(): number {
    return this.db
      .prepare(
        `UPDATE messages SET status = 'interrupted', error_json = coalesce(error_json, ?)
         WHERE status = 'streaming'
           AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = messages.request_id AND r.status = 'pending')`,
      )
      .run(JSON.stringify(INTERRUPTED_ERROR)).changes;
  }

  // -------------------------------------------------------------------------------------------

  private messagesOf(conversationId: number): StoredMessage[] {
    return this.db
      .prepare<[number], MessageRow>(
        `SELECT * FROM messages WHERE conversation_id = ? AND ${SHOWN_ROLES} ORDER BY created_at, id`,
      )
      .all(conversationId)
      .map(toMessage);
  }

  private requireMessageIn(conversationId: number, messageId: number, purpose: string): void {
    const row = this.db
      .prepare<[number], { conversation_id: number }>(
        `SELECT conversation_id FROM messages WHERE id = ? AND ${SHOWN_ROLES}`,
      )
      .get(messageId);
    if (row?.conversation_id !== conversationId) {
      throw new AppError(
        'invalid_input',
        `Message ${messageId} is not part of conversation ${conversationId}, so it cannot be ${purpose}. Reload the conversation and try again.`,
      );
    }
  }

  private messageNotFound(id: number): AppError {
    return new AppError('not_found', `Message ${id} no longer exists (its conversation was deleted).`);
  }

  private ledgerLinkError(e: unknown, ledgerId: number | null | undefined): unknown {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new AppError(
        'invalid_input',
        `Ledger row ${String(ledgerId)} does not exist, so the message cannot be linked to it.`,
      );
    }
    return e;
  }
}
