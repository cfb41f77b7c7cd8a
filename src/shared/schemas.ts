/**
 * Domain schemas for everything that crosses the boundary between the core (main process or
 * web host) and the renderer. Types are derived from these with z.infer and never written twice.
 */
import { z } from 'zod';

/** Error codes every call and stream can fail with. The message always says what to do next. */
export const ErrorCode = z.enum([
  'invalid_input', // a call's input failed its schema
  'unknown_call', // a channel that the contract does not declare
  'forbidden_sender', // IPC from a frame that is not our own top-level window
  'no_key', // a request that needs an API key while none is set
  'invalid_key_format', // the key does not look like an OpenRouter key
  'unauthorized', // 401 from OpenRouter
  'payment_required', // 402
  'forbidden', // 403 (moderation, guardrail, management key required)
  'not_found', // 404
  'timeout', // 408, or the connection timed out
  'rate_limited', // 429
  'provider_error', // 5xx, or an error chunk mid-stream
  'network', // OpenRouter could not be reached at all
  'bad_response', // OpenRouter answered with something we cannot read
  'keychain_unavailable', // no OS keychain: the key is kept in memory for this run
  'database_newer', // the database was written by a newer RouterDesk
  'database_error',
  'cancelled',
  'interrupted', // the app shut down while a request was running
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** HTTP status from OpenRouter, when there was one. */
  status: z.number().int().optional(),
  /** Seconds to wait before retrying, from Retry-After or X-RateLimit-Reset. */
  retryAfterSeconds: z.number().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

// ---------------------------------------------------------------------------------------------
// App and settings

export const Theme = z.enum(['system', 'dark', 'light']);
export type Theme = z.infer<typeof Theme>;

/** Which key sends a message; the other combination inserts a new line. */
export const SendKey = z.enum(['enter', 'mod-enter']);
export type SendKey = z.infer<typeof SendKey>;

export const Settings = z.object({
  /** OpenRouter base URL; OPENROUTER_BASE_URL in the environment wins over this. */
  baseUrl: z.string(),
  theme: Theme,
  sendKey: SendKey,
  /** The model new conversations start with; '' = RouterDesk's pick from the catalog. */
  defaultModel: z.string(),
  /** The cheap model that titles new conversations; '' = no automatic titles. */
  titleModel: z.string(),
  /** The first-run welcome was seen (or skipped). */
  welcomed: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A base URL the key may be sent to: https anywhere, plain http only to this machine (the key
 * would otherwise cross the network in clear text). '' means "back to the default".
 */
export function checkBaseUrl(value: string): string | null {
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'That is not a URL. Use the form https://openrouter.ai/api/v1.';
  }
  if (url.protocol === 'https:') return null;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return null;
  if (url.protocol === 'http:') {
    return 'Plain http:// would send your API key unencrypted; use https://, or http:// only for a server on this machine (localhost).';
  }
  return 'The base URL must start with https:// (or http://localhost for a server on this machine).';
}

export const SettingsPatch = z
  .object({
    baseUrl: z
      .string()
      .trim()
      .max(2000)
      .superRefine((v, ctx) => {
        const problem = checkBaseUrl(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    theme: Theme.optional(),
    sendKey: SendKey.optional(),
    defaultModel: z.string().trim().max(200).optional(),
    titleModel: z.string().trim().max(200).optional(),
    welcomed: z.boolean().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' or 'web': which shell is serving the renderer. */
  shell: z.enum(['electron', 'web']),
  dataDir: z.string(),
  databasePath: z.string(),
  /** The base URL actually in use and where it came from. */
  baseUrl: z.string(),
  baseUrlSource: z.enum(['default', 'settings', 'environment']),
  /** A copy of the database taken before the last migration, if one was made this launch. */
  backupPath: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

// ---------------------------------------------------------------------------------------------
// API key and account

export const KeySource = z.enum(['keychain', 'environment', 'memory']);
export type KeySource = z.infer<typeof KeySource>;

export const KeyStatus = z.object({
  set: z.boolean(),
  source: KeySource.nullable(),
  /** Last four characters of the key, for recognising it; never more. */
  last4: z.string().nullable(),
  keychain: z.object({
    available: z.boolean(),
    /** Which store holds it, e.g. "Secret Service", "macOS Keychain". */
    backend: z.string(),
    /** Why the keychain cannot be used and what that means, when it cannot. */
    message: z.string().nullable(),
  }),
  /** Set when the key was stored without being verified against OpenRouter. */
  unverified: z.boolean(),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

export const SetKeyInput = z
  .object({
    key: z.string().max(512, 'That is far too long to be an OpenRouter key.'),
    /** Store the key even though OpenRouter could not be reached to verify it. */
    storeWithoutVerifying: z.boolean().optional(),
  })
  .strict();

/** GET /key, reduced to what the app shows. USD amounts. */
export const KeyInfo = z.object({
  label: z.string().nullable(),
  limit: z.number().nullable(),
  limitRemaining: z.number().nullable(),
  limitReset: z.string().nullable(),
  usage: z.number().nullable(),
  usageDaily: z.number().nullable(),
  usageWeekly: z.number().nullable(),
  usageMonthly: z.number().nullable(),
  isFreeTier: z.boolean().nullable(),
  expiresAt: z.string().nullable(),
  rateLimit: z.object({ requests: z.number(), interval: z.string() }).nullable(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

export const Credits = z.object({ totalCredits: z.number(), totalUsage: z.number() });
export type Credits = z.infer<typeof Credits>;

export const AccountInfo = z.object({
  key: KeyInfo,
  /** null when /credits is refused (it needs a management key) or failed; see creditsNote. */
  credits: Credits.nullable(),
  creditsNote: z.string().nullable(),
  fetchedAt: z.number(),
});
export type AccountInfo = z.infer<typeof AccountInfo>;

// ---------------------------------------------------------------------------------------------
// Catalog

/** Prices in USD per token (per request / per image / per search where named), as numbers. */
export const ModelPricing = z.object({
  prompt: z.number(),
  completion: z.number(),
  request: z.number(),
  image: z.number(),
  webSearch: z.number(),
  internalReasoning: z.number(),
  inputCacheRead: z.number(),
  inputCacheWrite: z.number(),
  audio: z.number(),
  /** Routers such as openrouter/auto have no fixed price (-1 in the API). */
  variable: z.boolean(),
});
export type ModelPricing = z.infer<typeof ModelPricing>;

export const ModelSummary = z.object({
  id: z.string(),
  canonicalSlug: z.string(),
  name: z.string(),
  author: z.string(),
  created: z.number(),
  description: z.string(),
  contextLength: z.number().nullable(),
  maxCompletionTokens: z.number().nullable(),
  inputModalities: z.array(z.string()),
  outputModalities: z.array(z.string()),
  tokenizer: z.string().nullable(),
  pricing: ModelPricing,
  supportedParameters: z.array(z.string()),
  isModerated: z.boolean(),
  reasoning: z
    .object({
      mandatory: z.boolean(),
      defaultEnabled: z.boolean().nullable(),
      supportedEfforts: z.array(z.string()).nullable(),
      /** A reasoning token budget (reasoning.max_tokens) is accepted. */
      supportsMaxTokens: z.boolean(),
    })
    .nullable(),
  /** The model's own defaults for sampling parameters (temperature, top_p…), shown as placeholders. */
  defaultParameters: z.record(z.string(), z.number()),
  knowledgeCutoff: z.string().nullable(),
  expirationDate: z.string().nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const CatalogResult = z.object({
  models: z.array(ModelSummary),
  /** Epoch ms of the snapshot these models come from. */
  fetchedAt: z.number(),
  /** 'network' = fetched just now; 'cache' = the last stored snapshot (offline or not refreshed). */
  source: z.enum(['network', 'cache']),
  /** Set when a refresh failed and a stored snapshot is shown instead. */
  staleReason: z.string().nullable(),
});
export type CatalogResult = z.infer<typeof CatalogResult>;

export const ProviderEndpoint = z.object({
  name: z.string(),
  providerName: z.string(),
  tag: z.string().nullable(),
  contextLength: z.number().nullable(),
  maxCompletionTokens: z.number().nullable(),
  quantization: z.string().nullable(),
  pricing: ModelPricing,
  supportedParameters: z.array(z.string()),
  status: z.number().nullable(),
  uptimeLast30m: z.number().nullable(),
  latencyP50Ms: z.number().nullable(),
  throughputP50: z.number().nullable(),
});
export type ProviderEndpoint = z.infer<typeof ProviderEndpoint>;

// ---------------------------------------------------------------------------------------------
// Chat

export const ChatRole = z.enum(['system', 'user', 'assistant']);
export const ChatMessage = z.object({
  role: ChatRole,
  content: z.string().max(2_000_000),
  /** An assistant turn's reasoning_details, sent back unmodified as OpenRouter requires. */
  reasoning_details: z.array(z.unknown()).optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

const Penalty = (name: string) =>
  z.number().min(-2, `${name} must be from -2 to 2.`).max(2, `${name} must be from -2 to 2.`);

export const ReasoningEffort = z.enum(['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none']);
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

/** OpenRouter's reasoning control: effort or a token budget (not both), and whether to hide it. */
export const ReasoningParams = z
  .object({
    effort: ReasoningEffort.optional(),
    max_tokens: z.number().int().positive().optional(),
    exclude: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.effort === undefined || r.max_tokens === undefined, {
    message: 'Choose a reasoning effort or a reasoning token budget, not both.',
  });
export type ReasoningParams = z.infer<typeof ReasoningParams>;

/** Provider routing for one request (OpenRouter's `provider` object, the parts the app sets). */
export const ProviderPreferences = z
  .object({
    order: z.array(z.string().min(1).max(200)).max(50).optional(),
    only: z.array(z.string().min(1).max(200)).max(50).optional(),
    ignore: z.array(z.string().min(1).max(200)).max(50).optional(),
    allow_fallbacks: z.boolean().optional(),
    require_parameters: z.boolean().optional(),
    sort: z.enum(['price', 'throughput', 'latency']).optional(),
  })
  .strict();
export type ProviderPreferences = z.infer<typeof ProviderPreferences>;

/** The request parameters RouterDesk offers, with OpenRouter's ranges; absent = model default. */
export const ChatParams = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    min_p: z.number().min(0).max(1).optional(),
    top_a: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string().min(1).max(500)).max(4, 'At most 4 stop sequences.').optional(),
    frequency_penalty: Penalty('Frequency penalty').optional(),
    presence_penalty: Penalty('Presence penalty').optional(),
    repetition_penalty: z.number().gt(0).max(2).optional(),
    logprobs: z.boolean().optional(),
    top_logprobs: z.number().int().min(0).max(20).optional(),
    verbosity: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
    reasoning: ReasoningParams.optional(),
    provider: ProviderPreferences.optional(),
  })
  .strict();
export type ChatParams = z.infer<typeof ChatParams>;

/** What sent a request; the ledger and dashboards group by it. */
export const ChatOrigin = z.enum(['playground', 'title']);
export type ChatOrigin = z.infer<typeof ChatOrigin>;

/** Where in a stored conversation a request's answer goes. */
export const ChatThread = z
  .object({
    conversationId: z.number().int().positive(),
    /** The message the answer follows: a user message (regenerate), or the leaf the new user message goes under. */
    parentId: z.number().int().positive().nullable(),
    /** A new user message, added under parentId before the request; absent to regenerate. */
    userContent: z.string().max(2_000_000, 'That message is over 2 MB; attach it as a file instead.').optional(),
  })
  .strict();
export type ChatThread = z.infer<typeof ChatThread>;

export const ChatStartInput = z
  .object({
    /** Chosen by the caller so it can subscribe to events before the call returns. */
    requestId: z.string().uuid('requestId must be a UUID'),
    model: z.string().trim().min(1, 'Choose a model first.').max(200),
    /** A one-off request (titles): the whole message list. */
    messages: z.array(ChatMessage).min(1, 'Write a message first.').max(10_000).optional(),
    /** A request in a stored conversation: the core builds the messages from its branch. */
    thread: ChatThread.optional(),
    systemPrompt: z.string().max(200_000).optional(),
    params: ChatParams.default({}),
    origin: ChatOrigin.default('playground'),
  })
  .strict()
  .refine((v) => (v.messages === undefined) !== (v.thread === undefined), {
    message: 'Send either a message list or a conversation thread.',
  });
export type ChatStartInput = z.input<typeof ChatStartInput>;

export const ChatStarted = z.object({
  requestId: z.string(),
  ledgerId: z.number(),
  /** Set for thread requests: the stored user message (new or existing) and the new answer. */
  userMessageId: z.number().nullable(),
  assistantMessageId: z.number().nullable(),
});
export type ChatStarted = z.infer<typeof ChatStarted>;

export const ChatUsage = z.object({
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  cachedTokens: z.number().nullable(),
  /** USD as billed by OpenRouter (usage.cost on the final chunk); null when not reported. */
  cost: z.number().nullable(),
});
export type ChatUsage = z.infer<typeof ChatUsage>;

export const ChatDelta = z.object({
  requestId: z.string(),
  content: z.string(),
  reasoning: z.string(),
});
export type ChatDelta = z.infer<typeof ChatDelta>;

export const ChatDone = z.object({
  requestId: z.string(),
  ledgerId: z.number(),
  /** The stored answer, for thread requests. */
  messageId: z.number().nullable(),
  generationId: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  finishReason: z.string().nullable(),
  usage: ChatUsage,
  ttftMs: z.number().nullable(),
  durationMs: z.number(),
});
export type ChatDone = z.infer<typeof ChatDone>;

export const ChatError = z.object({
  requestId: z.string(),
  ledgerId: z.number().nullable(),
  messageId: z.number().nullable(),
  error: AppErrorShape,
  /** Usage reported before the failure, if any (a mid-stream error can still be billed). */
  usage: ChatUsage.nullable(),
});
export type ChatError = z.infer<typeof ChatError>;

// ---------------------------------------------------------------------------------------------
// Ledger

export const LedgerStatus = z.enum(['pending', 'ok', 'error', 'cancelled', 'interrupted']);
export type LedgerStatus = z.infer<typeof LedgerStatus>;

export const LedgerEntry = z.object({
  id: z.number(),
  requestId: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  origin: z.string(),
  modelRequested: z.string(),
  modelUsed: z.string().nullable(),
  provider: z.string().nullable(),
  generationId: z.string().nullable(),
  status: LedgerStatus,
  finishReason: z.string().nullable(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  cachedTokens: z.number().nullable(),
  cost: z.number().nullable(),
  /**
   * 'usage' = from the stream's final usage chunk; 'generation' = looked up on /generation later;
   * 'estimate' = worked out from catalog prices because OpenRouter never reported it.
   */
  costSource: z.string().nullable(),
  ttftMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerListInput = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    /** Page backwards: only rows with id below this. */
    beforeId: z.number().int().positive().optional(),
  })
  .strict();

export const SpendByDayInput = z
  .object({
    days: z.number().int().min(1).max(3660).default(30),
    /** The viewer's IANA time zone; days are bucketed in it. */
    timeZone: z.string().min(1).max(100).default('UTC'),
  })
  .strict();

export const DaySpend = z.object({
  /** Local calendar day, YYYY-MM-DD, in the requested time zone. */
  day: z.string(),
  cost: z.number(),
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
});
export type DaySpend = z.infer<typeof DaySpend>;

export const LedgerSummary = z.object({
  totalCost: z.number(),
  requests: z.number(),
  byStatus: z.record(z.string(), z.number()),
});
export type LedgerSummary = z.infer<typeof LedgerSummary>;
