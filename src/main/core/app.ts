/**
 * The core: every service RouterDesk has, wired together in plain Node, with one `dispatch` that
 * both shells (Electron IPC and the web host's WebSocket) call. Nothing here imports electron.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CallResult } from '@shared/contract';
import { AppError } from '@shared/errors';
import type { SendKey, Settings, Theme } from '@shared/schemas';
import { Broadcaster, type BroadcastListener } from './broadcaster';
import { CatalogService } from './catalog/catalog-service';
import { ChatService } from './chat/chat-service';
import { CostKeeper } from './chat/costs';
import { GenerationReconciler } from './chat/reconciler';
import { TitleWriter } from './chat/titles';
import { ConversationStore } from './conversations/conversation-store';
import { Ledger } from './ledger/ledger';
import { fetchAccount, fetchKeyInfo } from './openrouter/account';
import { resolveBaseUrl } from './openrouter/config';
import { OpenRouterRest } from './openrouter/rest';
import { dispatch, type CallContext, type Handlers, type Logger } from './rpc';
import { checkKeyShape, KeyVault, keychainBackend, type SecretBackend } from './secrets/vault';
import { openDatabase } from './store/database';
import { SettingsStore } from './store/settings-store';
import { PresetStore } from './presets/preset-store';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'web';
  appVersion: string;
  env?: NodeJS.ProcessEnv;
  /** better-sqlite3 addon built for Electron's ABI (the web host and tests use Node's). */
  nativeBinding?: string;
  log?: Logger;
  /** Defaults to the OS keychain; service name from ROUTERDESK_KEYCHAIN_SERVICE or 'RouterDesk'. */
  secrets?: SecretBackend;
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits between /generation lookups for streams that ended without their cost. */
  reconcileDelaysMs?: readonly number[];
  /** How long a stream may send nothing at all before it is given up (default 2 minutes). */
  chatIdleTimeoutMs?: number;
  /** How often a streaming answer's text is saved to its conversation (default 1 s). */
  chatSaveEveryMs?: number;
}

export interface Core {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly handlers: Handlers;
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<CallResult<unknown>>;
  /**
   * Events for every window and socket (conversations.changed, …), as opposed to ctx.emit's
   * events for the caller. Each shell subscribes per connection; returns the unsubscribe.
   */
  subscribe(listener: BroadcastListener): () => void;
  /** Aborts in-flight requests, marks their ledger rows interrupted, closes the database. */
  shutdown(): Promise<void>;
}

export const DATABASE_FILE = 'routerdesk.db';
const DAY_MS = 86_400_000;
/** Cheap and quick, for conversation titles; the user can pick another or turn titles off. */
export const DEFAULT_TITLE_MODEL = 'openai/gpt-5-nano';

/**
 * Refuses a base URL where a server answers but not as the OpenRouter API (the usual mistake is
 * leaving off /api/v1). An unreachable one is accepted: the user may be offline right now.
 */
async function checkApiAt(baseUrl: string, fetchImpl: typeof fetch | undefined, log: Logger): Promise<void> {
  const probe = new OpenRouterRest({
    baseUrl: () => baseUrl,
    timeoutMs: 5000,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const hint = 'The base URL of OpenRouter is https://openrouter.ai/api/v1; compatible servers also end in /api/v1.';
  try {
    const body = (await probe.getJson('/models/count')) as { data?: { count?: unknown } } | null;
    if (typeof body?.data?.count !== 'number') {
      throw new AppError('invalid_input', `${baseUrl} answered, but not like the OpenRouter API. ${hint}`);
    }
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === 'network' || e.code === 'timeout') {
      log('warn', `settings: saved a base URL that could not be reached to check it (${baseUrl})`);
      return;
    }
    if (e.code === 'invalid_input' && e.message.includes(hint)) throw e;
    throw new AppError(
      'invalid_input',
      `${baseUrl} does not look like the OpenRouter API (${e.status ? `HTTP ${e.status}` : e.code}). ${hint}`,
    );
  }
}

/** Who is running a request: this machine, this process, and when it started. */
export function ledgerOwner(startedAt: number, host = hostname(), pid = process.pid): string {
  return `${host}/${pid}/${startedAt}`;
}

/** Whether the process that owns some requests still runs (another machine's: assume it does). */
export function isOwnerAlive(owner: string, host = hostname()): boolean {
  const [ownerHost, pidText] = owner.split('/');
  if (ownerHost !== host) return true;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const log: Logger = opts.log ?? (() => {});

  mkdirSync(opts.dataDir, { recursive: true });
  const databasePath = join(opts.dataDir, DATABASE_FILE);
  const opened = openDatabase(databasePath, {
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    now,
  });
  const { db } = opened;
  if (opened.backupPath)
    log(
      'info',
      `database migrated from v${opened.fromVersion} to v${opened.toVersion}; copy kept at ${opened.backupPath}`,
    );

  // The desktop app and the web host may share one data directory: each marks only its own
  // requests interrupted, and at start-up only those of processes that are gone.
  const owner = ledgerOwner(now());
  const ledger = new Ledger(db, now, { owner });
  const leftovers = ledger.recoverAbandoned(isOwnerAlive, 'RouterDesk closed while this request was running.');
  if (leftovers > 0) log('warn', `ledger: ${leftovers} request(s) left running by the last session marked interrupted`);

  const conversations = new ConversationStore(db, now);
  // After recoverAbandoned: answers whose request another live process still runs stay streaming.
  const cutOff = conversations.markStreamingInterrupted();
  if (cutOff > 0)
    log('warn', `conversations: ${cutOff} answer(s) left streaming by the last session marked interrupted`);
  // The bin keeps a deleted conversation for a day, for undo; after that it goes for good.
  const purged = conversations.purgeDeleted(DAY_MS);
  if (purged > 0) log('info', `conversations: ${purged} deleted conversation(s) removed for good`);
  const broadcaster = new Broadcaster(log);
  /** Tells every window a conversation changed; null summary = it went to the bin. */
  const changed = (conversationId: number) =>
    broadcaster.publish('conversations.changed', { conversationId, summary: conversations.summary(conversationId) });

  const settings = new SettingsStore(db);
  const presets = new PresetStore(settings);
  const readSettings = (): Settings => ({
    baseUrl: settings.get<string>('baseUrl', ''),
    theme: settings.get<Theme>('theme', 'system'),
    sendKey: settings.get<SendKey>('sendKey', 'enter'),
    defaultModel: settings.get<string>('defaultModel', ''),
    titleModel: settings.get<string>('titleModel', DEFAULT_TITLE_MODEL),
    welcomed: settings.get<boolean>('welcomed', false),
  });
  const baseUrl = () => resolveBaseUrl(env, settings.get<string>('baseUrl', '')).baseUrl;

  const vault = new KeyVault({
    backend: opts.secrets ?? keychainBackend({ service: env.ROUTERDESK_KEYCHAIN_SERVICE || 'RouterDesk' }),
    env,
    log,
  });
  const rest = new OpenRouterRest({ baseUrl, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const catalog = new CatalogService(db, rest, now, log);
  const reconciler = new GenerationReconciler({
    rest,
    ledger,
    apiKey: () => vault.getKey(),
    log,
    ...(opts.reconcileDelaysMs ? { delaysMs: opts.reconcileDelaysMs } : {}),
  });
  const publish = broadcaster.publish.bind(broadcaster);
  // The catalog as it is now (fetched once if this run has not yet): estimates and titles read prices from it.
  const models = async () => (await catalog.list(false)).models;
  const costs = new CostKeeper({ ledger, conversations, reconciler, models, publish, log });
  // Requests that ended without their cost (stopped, failed, or cut short by a crash) are looked
  // up once more on /generation: OpenRouter bills what was generated. Their records are long
  // settled by now, so one try each is enough; one still missing is estimated from the catalog.
  for (const { id, generationId } of ledger.unbilled({ since: now() - 7 * DAY_MS, limit: 50 })) {
    costs.settle(id, generationId, undefined, [opts.reconcileDelaysMs?.[0] ?? 1000]);
  }
  const titles = new TitleWriter({
    conversations,
    chat: () => chat,
    titleModel: () => readSettings().titleModel,
    models,
    publish,
    log,
  });
  const chat: ChatService = new ChatService({
    ledger,
    conversations,
    publish,
    costs,
    onAnswered: (answer) => titles.afterAnswer(answer),
    ...(opts.chatIdleTimeoutMs ? { idleTimeoutMs: opts.chatIdleTimeoutMs } : {}),
    ...(opts.chatSaveEveryMs ? { saveEveryMs: opts.chatSaveEveryMs } : {}),
    baseUrl,
    apiKey: () => vault.getKey(),
    now,
    log,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });

  const requireKey = (): string => {
    const key = vault.getKey();
    if (!key) throw new AppError('no_key', 'Add your OpenRouter API key in Settings first.');
    return key;
  };

  const handlers: Handlers = {
    'app.info': () => {
      const resolved = resolveBaseUrl(env, settings.get<string>('baseUrl', ''));
      return {
        name: 'RouterDesk',
        version: opts.appVersion,
        shell: opts.shell,
        dataDir: opts.dataDir,
        databasePath,
        baseUrl: resolved.baseUrl,
        baseUrlSource: resolved.source,
        backupPath: opened.backupPath,
      };
    },

    'settings.get': () => readSettings(),
    'settings.update': async (patch) => {
      if (patch.baseUrl !== undefined) {
        const url = patch.baseUrl.replace(/\/+$/, '');
        if (url) await checkApiAt(url, opts.fetch, log);
        settings.set('baseUrl', url);
      }
      if (patch.theme !== undefined) settings.set('theme', patch.theme);
      if (patch.sendKey !== undefined) settings.set('sendKey', patch.sendKey);
      if (patch.defaultModel !== undefined) settings.set('defaultModel', patch.defaultModel);
      if (patch.titleModel !== undefined) settings.set('titleModel', patch.titleModel);
      if (patch.welcomed !== undefined) settings.set('welcomed', patch.welcomed);
      return readSettings();
    },

    'key.status': () => vault.status(),
    'key.set': async ({ key, storeWithoutVerifying }) => {
      const clean = checkKeyShape(key);
      if (storeWithoutVerifying) {
        log('info', `key: stored without verifying (…${clean.slice(-4)})`);
        return vault.store(clean, { unverified: true });
      }
      try {
        await fetchKeyInfo(rest, clean);
      } catch (e) {
        if (e instanceof AppError && e.code === 'unauthorized') {
          throw new AppError(
            'unauthorized',
            'OpenRouter does not accept this key: it is wrong or has been revoked. Copy it again from https://openrouter.ai/settings/keys, or create a new one there. Nothing was saved.',
            { status: 401 },
          );
        }
        // OpenRouter unreachable or unwell: the key may be fine. Say so, and offer to keep it.
        const unverifiable = ['network', 'timeout', 'provider_error', 'rate_limited', 'bad_response', 'not_found'];
        if (e instanceof AppError && unverifiable.includes(e.code)) {
          throw new AppError(
            'network',
            `${e.message} The key could not be verified, so it was not saved. Choose "Store anyway" to save it without verifying.`,
          );
        }
        throw e;
      }
      log('info', `key: verified and stored (…${clean.slice(-4)})`);
      return vault.store(clean);
    },
    'key.delete': () => vault.remove(),
    'account.get': async () => fetchAccount(rest, requireKey(), now()),

    'catalog.list': ({ refresh }) => catalog.list(refresh),
    'catalog.endpoints': ({ modelId }) => catalog.endpoints(modelId),

    'chat.start': (input, ctx) => chat.start(input, ctx),
    'chat.cancel': ({ requestId }) => ({ cancelled: chat.cancel(requestId) }),

    'conversations.list': ({ archived }) => conversations.list({ archived }),
    'conversations.create': (input) => {
      const summary = conversations.create(input);
      changed(summary.id);
      return summary;
    },
    'conversations.get': ({ id }) => conversations.get(id),
    'conversations.update': (input) => {
      const summary = conversations.update(input);
      changed(summary.id);
      return summary;
    },
    'conversations.delete': ({ id }) => {
      const deleted = conversations.delete(id);
      if (deleted) changed(id);
      return { deleted };
    },
    'conversations.restore': ({ id }) => {
      const summary = conversations.restore(id);
      changed(id);
      return summary;
    },
    'conversations.search': ({ query, limit }) => conversations.search(query, limit),
    'conversations.export': ({ id, format }) => conversations.export(id, format),
    'conversations.import': ({ content }) => {
      const summary = conversations.import(content);
      changed(summary.id);
      return summary;
    },

    'presets.list': () => presets.list(),
    'presets.save': (preset) => presets.save(preset),
    'presets.delete': ({ name }) => presets.delete(name),

    'ledger.list': ({ limit, beforeId }) => ledger.list({ limit, ...(beforeId !== undefined ? { beforeId } : {}) }),
    'ledger.get': ({ id }) => ledger.get(id),
    'ledger.summary': () => ledger.summary(),
    'ledger.spendByDay': ({ days, timeZone }) => ledger.spendByDay({ days, timeZone, now: now() }),
  };

  let closed: Promise<void> | null = null;
  return {
    dataDir: opts.dataDir,
    databasePath,
    handlers,
    dispatch: (name, input, ctx) => dispatch(handlers, name, input, ctx, log),
    subscribe: (listener) => broadcaster.subscribe(listener),
    shutdown() {
      closed ??= (async () => {
        titles.shutdown();
        await chat.shutdown();
        costs.shutdown();
        await reconciler.shutdown();
        const interrupted = ledger.markInterrupted('RouterDesk was closed while this request was running.');
        if (interrupted > 0) log('info', `ledger: ${interrupted} in-flight request(s) marked interrupted`);
        // Their answers too (the ledger rows above are no longer pending, so they qualify).
        conversations.markStreamingInterrupted();
        db.close();
      })();
      return closed;
    },
  };
}
