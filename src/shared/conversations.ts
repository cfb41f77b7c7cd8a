/**
 * Conversations as the core stores them: a tree of messages per conversation, so regenerating
 * keeps the earlier answer as an alternative and editing a past message starts a branch. The
 * schemas here cross the contract; the tree helpers are pure and shared by core and renderer.
 */
import { z } from 'zod';
import { AppErrorShape, ChatParams, ChatUsage } from './schemas';

export const MessageStatus = z.enum(['streaming', 'done', 'stopped', 'error', 'interrupted']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** Where a message's cost figure came from: the stream, /generation later, or catalog prices. */
export const CostSource = z.enum(['billed', 'generation', 'estimated']);
export type CostSource = z.infer<typeof CostSource>;

export const MessageUsage = ChatUsage.extend({
  costSource: CostSource.nullable(),
});
export type MessageUsage = z.infer<typeof MessageUsage>;

/** What a conversation sends with its next message: remembered per conversation. */
export const ConversationSettings = z.object({
  model: z.string().max(200),
  params: ChatParams,
  systemPrompt: z.string().max(200_000),
});
export type ConversationSettings = z.infer<typeof ConversationSettings>;

/** A named set of request settings, saved to reuse in any conversation. */
export const Preset = z.object({
  name: z.string().trim().min(1, 'Give the preset a name.').max(100, 'A preset name can be at most 100 characters.'),
  settings: ConversationSettings,
});
export type Preset = z.infer<typeof Preset>;

export const StoredMessage = z.object({
  id: z.number().int().positive(),
  conversationId: z.number().int().positive(),
  /** The message this one follows; null for the first message of the conversation. */
  parentId: z.number().int().positive().nullable(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  reasoning: z.string(),
  /** OpenRouter's reasoning_details, kept verbatim so later turns can send them back. */
  reasoningDetails: z.array(z.unknown()).nullable(),
  /** The model asked for (assistant messages). */
  model: z.string().nullable(),
  /** The model that answered and who served it, as the stream reported. */
  modelUsed: z.string().nullable(),
  provider: z.string().nullable(),
  params: ChatParams.nullable(),
  status: MessageStatus,
  error: AppErrorShape.nullable(),
  usage: MessageUsage.nullable(),
  finishReason: z.string().nullable(),
  ttftMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** The ledger row of the request that produced this answer. */
  ledgerId: z.number().int().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.number(),
});
export type StoredMessage = z.infer<typeof StoredMessage>;

export const ConversationSummary = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  /** 'auto' = written by the title model; 'user' = renamed by hand (never overwritten). */
  titleSource: z.enum(['none', 'auto', 'user']),
  createdAt: z.number(),
  updatedAt: z.number(),
  pinned: z.boolean(),
  archived: z.boolean(),
  model: z.string(),
  messageCount: z.number().int(),
  /** USD over every answer in the conversation, every branch, full precision. */
  totalCost: z.number(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const Conversation = ConversationSummary.extend({
  settings: ConversationSettings,
  /** Every message of every branch, oldest first. */
  messages: z.array(StoredMessage),
  /** The last message of the branch on screen; null for an empty conversation. */
  activeLeafId: z.number().int().positive().nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

const Id = z.number().int().positive();
const Title = z.string().trim().max(300, 'A title can be at most 300 characters.');

export const ConversationListInput = z
  .object({ archived: z.boolean().default(false) })
  .strict()
  .default({ archived: false });

export const ConversationCreateInput = z
  .object({ title: Title.optional(), settings: ConversationSettings.partial().optional() })
  .strict()
  .default({});

export const ConversationUpdateInput = z
  .object({
    id: Id,
    title: Title.optional(),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional(),
    settings: ConversationSettings.partial().optional(),
    activeLeafId: Id.optional(),
  })
  .strict();

export const ConversationSearchInput = z
  .object({
    query: z.string().max(500, 'Search for at most 500 characters.'),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const SearchHit = z.object({
  conversationId: z.number().int(),
  messageId: z.number().int(),
  title: z.string(),
  role: z.enum(['user', 'assistant']),
  /** Text around the match; the matched words sit between \u0001 and \u0002 markers. */
  snippet: z.string(),
  createdAt: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const ExportFormat = z.enum(['markdown', 'json']);
export const ExportResult = z.object({ filename: z.string(), mimeType: z.string(), content: z.string() });
export type ExportResult = z.infer<typeof ExportResult>;

/** An import: the text of a file exported as JSON (at most 50 MB). */
export const ImportInput = z
  .object({ content: z.string().max(50_000_000, 'That file is over 50 MB; RouterDesk exports are far smaller.') })
  .strict();

// ---------------------------------------------------------------------------------------------
// Tree helpers (pure)

/** Messages by id, and children per parent in creation order (null = roots). */
export interface MessageTree {
  byId: Map<number, StoredMessage>;
  children: Map<number | null, StoredMessage[]>;
}

export function buildTree(messages: readonly StoredMessage[]): MessageTree {
  const byId = new Map<number, StoredMessage>();
  const children = new Map<number | null, StoredMessage[]>();
  for (const m of messages) byId.set(m.id, m);
  for (const m of [...messages].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    const key = m.parentId !== null && byId.has(m.parentId) ? m.parentId : null;
    const list = children.get(key);
    if (list) list.push(m);
    else children.set(key, [m]);
  }
  return { byId, children };
}

/** Root-to-leaf path ending at `leafId` (empty when it is unknown). */
export function pathTo(tree: MessageTree, leafId: number | null): StoredMessage[] {
  const path: StoredMessage[] = [];
  const seen = new Set<number>();
  let current = leafId === null ? undefined : tree.byId.get(leafId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parentId === null ? undefined : tree.byId.get(current.parentId);
  }
  return path;
}

/** Follows the newest child from `fromId` down to a leaf (how a branch continues on screen). */
export function newestLeafFrom(tree: MessageTree, fromId: number | null): number | null {
  let id = fromId;
  const seen = new Set<number>();
  for (;;) {
    const kids = tree.children.get(id);
    const next = kids?.[kids.length - 1];
    if (!next || seen.has(next.id)) return id;
    seen.add(next.id);
    id = next.id;
  }
}

/** A message's alternatives (itself and its siblings) and where it sits among them. */
export function siblingsOf(tree: MessageTree, message: StoredMessage): { index: number; count: number; ids: number[] } {
  const key = message.parentId !== null && tree.byId.has(message.parentId) ? message.parentId : null;
  const ids = (tree.children.get(key) ?? []).map((m) => m.id);
  return { index: Math.max(0, ids.indexOf(message.id)), count: ids.length, ids };
}
