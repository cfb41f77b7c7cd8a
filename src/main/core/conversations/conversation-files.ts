/**
 * A conversation as a file: Markdown to read (the branch on screen), JSON to keep or move to
 * another RouterDesk (the whole tree), and the checks an imported JSON file must pass before
 * anything is written.
 */
import { z } from 'zod';
import { AppError } from '@shared/errors';
import { AppErrorShape, ChatParams } from '@shared/schemas';
import {
  buildTree,
  ConversationSettings,
  MessageStatus,
  MessageUsage,
  pathTo,
  type Conversation,
  type ExportResult,
  type StoredMessage,
} from '@shared/conversations';

export const EXPORT_FORMAT = 'routerdesk.conversation';
export const EXPORT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Export

/** A file name from a title: no path separators or characters Windows refuses, not hidden. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${base || 'conversation'}.${extension}`;
}

/** USD with enough digits to show a fraction of a cent (answers often cost $0.0001 or less). */
export function formatUsd(cost: number): string {
  if (cost === 0) return '$0';
  if (Math.abs(cost) >= 1) return `$${cost.toFixed(2)}`;
  const decimals = Math.min(10, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(cost)))));
  return `$${cost.toFixed(decimals).replace(/(\.\d*?[1-9])0+$/, '$1')}`;
}

const STATUS_NOTES: Partial<Record<MessageStatus, string>> = {
  streaming: 'This answer was still being written when it was exported.',
  stopped: 'Stopped before the answer was complete.',
  interrupted: 'RouterDesk closed while this answer was being written; it is incomplete.',
};

/** Markdown of the branch on screen: title, settings, then each message with role, model and cost. */
export function toMarkdown(
  conversation: Conversation,
  opts: { exportedAt: number; costOf: (message: StoredMessage) => number | null },
): ExportResult {
  const title = conversation.title || 'Untitled conversation';
  const branch = pathTo(buildTree(conversation.messages), conversation.activeLeafId);
  const lines: string[] = [`# ${title}`, ''];
  lines.push(`- Exported from RouterDesk on ${new Date(opts.exportedAt).toISOString()}`);
  if (conversation.settings.model) lines.push(`- Model: ${conversation.settings.model}`);
  lines.push(
    `- ${branch.length} of ${conversation.messages.length} messages (the branch on screen); ` +
      `total cost of every answer: ${formatUsd(conversation.totalCost)}`,
  );
  if (conversation.settings.systemPrompt) {
    lines.push('', '**System prompt**', '', ...conversation.settings.systemPrompt.split('\n').map((l) => `> ${l}`));
  }
  for (const message of branch) {
    const heading = [message.role === 'user' ? 'User' : 'Assistant'];
    if (message.role === 'assistant') {
      const model = message.modelUsed ?? message.model;
      if (model) heading.push(model);
      const cost = opts.costOf(message);
      if (cost !== null) heading.push(formatUsd(cost));
    }
    lines.push('', '---', '', `## ${heading.join(' · ')}`, '');
    if (message.reasoning) {
      lines.push('<details><summary>Reasoning</summary>', '', message.reasoning, '', '</details>', '');
    }
    lines.push(message.content || '_(empty)_');
    const note = message.error ? `Error: ${message.error.message}` : STATUS_NOTES[message.status];
    if (note) lines.push('', `_${note}_`);
  }
  return {
    filename: fileNameFor(title, 'md'),
    mimeType: 'text/markdown; charset=utf-8',
    content: `${lines.join('\n')}\n`,
  };
}

/** The whole tree, every field of every message, under a header that says what the file is. */
export function toJson(conversation: Conversation, opts: { exportedAt: number }): ExportResult {
  const file = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(opts.exportedAt).toISOString(),
    conversation: {
      title: conversation.title,
      titleSource: conversation.titleSource,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      pinned: conversation.pinned,
      archived: conversation.archived,
      totalCost: conversation.totalCost,
      settings: conversation.settings,
      activeLeafId: conversation.activeLeafId,
      messages: conversation.messages,
    },
  };
  return {
    filename: fileNameFor(conversation.title || 'Untitled conversation', 'json'),
    mimeType: 'application/json',
    content: `${JSON.stringify(file, null, 2)}\n`,
  };
}

// ---------------------------------------------------------------------------------------------
// Import

/**
 * A message as a file holds it. Ids only link messages within the file; the ledger row and request
 * id are left behind (they name rows in the database the file came from). Fields a hand-edited
 * file may leave out get their empty values.
 */
const FileMessage = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  reasoning: z.string().default(''),
  reasoningDetails: z.array(z.unknown()).nullable().default(null),
  model: z.string().nullable().default(null),
  modelUsed: z.string().nullable().default(null),
  provider: z.string().nullable().default(null),
  params: ChatParams.nullable().default(null),
  status: MessageStatus.default('done'),
  error: AppErrorShape.nullable().default(null),
  usage: MessageUsage.nullable().default(null),
  finishReason: z.string().nullable().default(null),
  ttftMs: z.number().nullable().default(null),
  durationMs: z.number().nullable().default(null),
  createdAt: z.number(),
});
export type FileMessage = z.infer<typeof FileMessage>;

const FileConversation = z.object({
  title: z.string().max(300).default(''),
  titleSource: z.enum(['none', 'auto', 'user']).default('none'),
  createdAt: z.number(),
  pinned: z.boolean().default(false),
  settings: ConversationSettings.partial().default({}),
  activeLeafId: z.number().int().nullable().default(null),
  messages: z.array(FileMessage),
});

export interface ImportedConversation {
  title: string;
  titleSource: 'none' | 'auto' | 'user';
  createdAt: number;
  pinned: boolean;
  settings: ConversationSettings;
  activeLeafId: number | null;
  /** Parents before their children, so each insert can point at one already written. */
  messages: FileMessage[];
}

const NOTHING_CHANGED = 'Nothing was changed.';

function refused(problem: string): AppError {
  return new AppError('invalid_input', `${problem} ${NOTHING_CHANGED}`);
}

function damaged(problem: string): AppError {
  return refused(`That export is damaged: ${problem}.`);
}

function where(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * Reads an exported JSON file, or says what is wrong with it. Checks, in order: JSON at all, our
 * header, a version this RouterDesk reads, the shape of every field, then the tree (unique ids,
 * parents present, no loops).
 */
export function parseExport(text: string): ImportedConversation {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw refused(
      'That file is not a RouterDesk conversation export (it is not JSON). Choose a file that RouterDesk exported as JSON.',
    );
  }
  const header = data as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== EXPORT_FORMAT) {
    throw refused(
      `That file is not a RouterDesk conversation export (it has no "format": "${EXPORT_FORMAT}" header). Choose a file that RouterDesk exported as JSON.`,
    );
  }
  if (header.version !== EXPORT_VERSION) {
    if (typeof header.version === 'number' && header.version > EXPORT_VERSION) {
      throw refused(
        `That conversation was exported by a newer RouterDesk (file version ${header.version}; this one reads version ${EXPORT_VERSION}). Update RouterDesk to import it.`,
      );
    }
    throw refused(
      `That export has version ${JSON.stringify(header.version) ?? 'none'}, which RouterDesk cannot read (it reads version ${EXPORT_VERSION}).`,
    );
  }
  const parsed = FileConversation.safeParse((data as { conversation?: unknown }).conversation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? where(['conversation', ...issue.path]) : 'conversation';
    throw damaged(`${at}: ${issue?.message ?? 'not what an export holds'}`);
  }
  const file = parsed.data;
  const messages = treeOrder(file.messages);
  if (file.activeLeafId !== null && !messages.some((m) => m.id === file.activeLeafId)) {
    throw damaged(`the branch on screen ends at message ${file.activeLeafId}, which is not in the file`);
  }
  return {
    title: file.title.trim(),
    titleSource: file.titleSource,
    createdAt: file.createdAt,
    pinned: file.pinned,
    settings: {
      model: file.settings.model ?? '',
      params: file.settings.params ?? {},
      systemPrompt: file.settings.systemPrompt ?? '',
    },
    activeLeafId: file.activeLeafId,
    messages,
  };
}

/** The messages with every parent before its children; refuses duplicate ids, missing parents, loops. */
function treeOrder(messages: FileMessage[]): FileMessage[] {
  const byId = new Map<number, FileMessage>();
  for (const m of messages) {
    if (byId.has(m.id)) throw damaged(`two messages have the id ${m.id}`);
    byId.set(m.id, m);
  }
  const children = new Map<number | null, FileMessage[]>();
  for (const m of messages) {
    if (m.parentId !== null && !byId.has(m.parentId)) {
      throw damaged(`message ${m.id} follows message ${m.parentId}, which is not in the file`);
    }
    const list = children.get(m.parentId);
    if (list) list.push(m);
    else children.set(m.parentId, [m]);
  }
  const ordered: FileMessage[] = [...(children.get(null) ?? [])];
  for (let i = 0; i < ordered.length; i++) ordered.push(...(children.get(ordered[i]!.id) ?? []));
  if (ordered.length < messages.length) {
    // What the walk from the first messages never reached sits on a loop or under one; going
    // up from any of them ends on the loop.
    const reached = new Set(ordered.map((m) => m.id));
    let current = messages.find((m) => !reached.has(m.id))!;
    const seen = new Set<number>();
    while (!seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId!)!;
    }
    throw damaged(
      `message ${current.id} is part of a loop (following its earlier messages leads back to it), so the conversation has no beginning`,
    );
  }
  return ordered;
}
