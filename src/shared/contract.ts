/**
 * The one contract between the core and the renderer. Every call (request -> response) and every
 * event (pushed from the core) is declared here once, with the schema of what crosses.
 *
 * - The Electron adapter registers an ipcMain handler per call; the preload builds window.api
 *   from `callNames` / `eventNames`.
 * - The web host serves the same calls and events over one WebSocket.
 * - The core implements `Handlers`, a mapped type: a call without a handler does not compile.
 * - Inputs are parsed with their schema before a handler runs, whichever transport carried them.
 */
import { z } from 'zod';
import {
  AccountInfo,
  AppErrorShape,
  AppInfo,
  CatalogResult,
  ChatDelta,
  ChatDone,
  ChatError,
  ChatStarted,
  ChatStartInput,
  DaySpend,
  KeyStatus,
  LedgerEntry,
  LedgerListInput,
  LedgerSummary,
  ProviderEndpoint,
  SetKeyInput,
  Settings,
  SettingsPatch,
  SpendByDayInput,
} from './schemas';
import {
  Conversation,
  ConversationCreateInput,
  ConversationListInput,
  ConversationSearchInput,
  ConversationSummary,
  ConversationUpdateInput,
  ExportFormat,
  ExportResult,
  ImportInput,
  Preset,
  SearchHit,
  StoredMessage,
} from './conversations';

const NoInput = z.object({}).strict().default({});

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const calls = {
  'app.info': call(NoInput, AppInfo),

  'settings.get': call(NoInput, Settings),
  'settings.update': call(SettingsPatch, Settings),

  'key.status': call(NoInput, KeyStatus),
  'key.set': call(SetKeyInput, KeyStatus),
  'key.delete': call(NoInput, KeyStatus),
  'account.get': call(NoInput, AccountInfo),

  'catalog.list': call(
    z
      .object({ refresh: z.boolean().default(false) })
      .strict()
      .default({ refresh: false }),
    CatalogResult,
  ),
  'catalog.endpoints': call(
    z.object({ modelId: z.string().trim().min(3).max(200) }).strict(),
    z.array(ProviderEndpoint),
  ),

  'chat.start': call(ChatStartInput, ChatStarted),
  'chat.cancel': call(z.object({ requestId: z.string() }).strict(), z.object({ cancelled: z.boolean() })),

  'conversations.list': call(ConversationListInput, z.array(ConversationSummary)),
  'conversations.create': call(ConversationCreateInput, ConversationSummary),
  'conversations.get': call(z.object({ id: z.number().int().positive() }).strict(), Conversation),
  'conversations.update': call(ConversationUpdateInput, ConversationSummary),
  /** Moves a conversation to the bin; `restore` undoes it. Binned ones are purged after a day. */
  'conversations.delete': call(
    z.object({ id: z.number().int().positive() }).strict(),
    z.object({ deleted: z.boolean() }),
  ),
  'conversations.restore': call(z.object({ id: z.number().int().positive() }).strict(), ConversationSummary),
  'conversations.search': call(ConversationSearchInput, z.array(SearchHit)),
  'conversations.export': call(
    z.object({ id: z.number().int().positive(), format: ExportFormat }).strict(),
    ExportResult,
  ),
  'conversations.import': call(ImportInput, ConversationSummary),

  'presets.list': call(NoInput, z.array(Preset)),
  /** Saves a preset, replacing one of the same name; returns them all, by name. */
  'presets.save': call(Preset.strict(), z.array(Preset)),
  'presets.delete': call(z.object({ name: z.string().min(1).max(100) }).strict(), z.array(Preset)),

  'ledger.list': call(LedgerListInput, z.array(LedgerEntry)),
  'ledger.get': call(z.object({ id: z.number().int().positive() }).strict(), LedgerEntry.nullable()),
  'ledger.summary': call(NoInput, LedgerSummary),
  'ledger.spendByDay': call(SpendByDayInput, z.array(DaySpend)),
} as const;

export const events = {
  /** Coalesced text since the last delta (about every 16 ms or 2 KB). */
  'chat.delta': ChatDelta,
  /** Exactly one of chat.done / chat.error ends every chat.start. */
  'chat.done': ChatDone,
  'chat.error': ChatError,
  /**
   * A ledger row changed after its request ended (the billed cost arrived from /generation, or
   * was estimated). Sent to every window.
   */
  'ledger.changed': z.object({ entry: LedgerEntry }),
  /** A conversation was created, renamed, moved, or got a message; null summary = deleted. */
  'conversations.changed': z.object({ conversationId: z.number(), summary: ConversationSummary.nullable() }),
  /**
   * A stored message changed: created, saved while it streams (about once a second), finished,
   * or its cost arrived later. Sent to every window.
   */
  'message.changed': z.object({ message: StoredMessage }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type EventName = keyof typeof events;

/** What the caller passes (defaults may be left out). */
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
/** What the handler receives, after parsing and defaults. */
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.infer<Calls[K]['output']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Every call result crosses the boundary in this envelope, so errors keep their code. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** IPC channel names, prefixed so nothing else on ipcMain can collide with them. */
export const ipcCallChannel = (name: CallName) => `rd:call:${name}`;
export const ipcEventChannel = (name: EventName) => `rd:event:${name}`;

/**
 * The object the renderer uses, whichever transport it runs on. `call` is typed per name;
 * `on` returns an unsubscribe function.
 */
export interface RouterDeskApi {
  call<K extends CallName>(name: K, input?: CallInput<K>): Promise<CallOutput<K>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The narrow bridge the preload exposes as window.routerdesk (envelopes, not exceptions). */
export interface PreloadBridge {
  invoke(name: CallName, input: unknown): Promise<CallResult<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

/** WebSocket frames of the web host. */
export const WsClientFrame = z.object({
  id: z.number().int().nonnegative(),
  call: z.string(),
  input: z.unknown(),
});
export type WsServerFrame = ({ id: number } & CallResult<unknown>) | { event: EventName; payload: unknown };
