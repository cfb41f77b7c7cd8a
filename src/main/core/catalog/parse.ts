/**
 * Lenient reading of OpenRouter's /models and endpoints payloads: unknown fields and new enum
 * values pass through untouched, but what the app relies on (id, name, prices) is validated, and
 * a model that lacks it is skipped rather than breaking the whole catalog.
 */
import { z } from 'zod';
import type { ModelPricing, ModelSummary, ProviderEndpoint } from '@shared/schemas';

const price = z.union([z.string(), z.number()]).nullish();

const RawPricing = z.looseObject({
  prompt: price,
  completion: price,
  request: price,
  image: price,
  web_search: price,
  internal_reasoning: price,
  input_cache_read: price,
  input_cache_write: price,
  audio: price,
});

const RawModel = z.looseObject({
  id: z.string().min(1),
  canonical_slug: z.string().nullish(),
  name: z.string().min(1),
  created: z.number().nullish(),
  description: z.string().nullish(),
  context_length: z.number().nullish(),
  architecture: z
    .looseObject({
      input_modalities: z.array(z.string()).nullish(),
      output_modalities: z.array(z.string()).nullish(),
      tokenizer: z.string().nullish(),
    })
    .nullish(),
  pricing: RawPricing,
  top_provider: z
    .looseObject({ max_completion_tokens: z.number().nullish(), is_moderated: z.boolean().nullish() })
    .nullish(),
  supported_parameters: z.array(z.string()).nullish(),
  reasoning: z
    .looseObject({
      mandatory: z.boolean().nullish(),
      default_enabled: z.boolean().nullish(),
      supported_efforts: z.array(z.string()).nullish(),
      supports_max_tokens: z.boolean().nullish(),
    })
    .nullish(),
  // Numbers per parameter name; anything else (a string, a nested object) is not a default we show.
  default_parameters: z.record(z.string(), z.unknown()).nullish(),
  knowledge_cutoff: z.string().nullish(),
  expiration_date: z.string().nullish(),
});

function numericDefaults(raw: Record<string, unknown> | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

function num(v: string | number | null | undefined): number {
  if (v === null || v === undefined || v === '') return 0;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

export function parsePricing(raw: z.infer<typeof RawPricing>): ModelPricing {
  const prompt = num(raw.prompt);
  const completion = num(raw.completion);
  // Routers (openrouter/auto and friends) advertise -1: the price depends on the model chosen.
  const variable = prompt < 0 || completion < 0;
  return {
    prompt: variable ? 0 : prompt,
    completion: variable ? 0 : completion,
    request: num(raw.request),
    image: num(raw.image),
    webSearch: num(raw.web_search),
    internalReasoning: num(raw.internal_reasoning),
    inputCacheRead: num(raw.input_cache_read),
    inputCacheWrite: num(raw.input_cache_write),
    audio: num(raw.audio),
    variable,
  };
}

export interface ParsedCatalog {
  models: ModelSummary[];
  skipped: number;
}

export function parseModelsResponse(body: unknown): ParsedCatalog {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return { models: [], skipped: 0 };
  const models: ModelSummary[] = [];
  let skipped = 0;
  for (const item of data) {
    const parsed = RawModel.safeParse(item);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const m = parsed.data;
    models.push({
      id: m.id,
      canonicalSlug: m.canonical_slug ?? m.id,
      name: m.name,
      author: m.id.replace(/^~/, '').split('/')[0] ?? '',
      created: m.created ?? 0,
      description: m.description ?? '',
      contextLength: m.context_length ?? null,
      maxCompletionTokens: m.top_provider?.max_completion_tokens ?? null,
      inputModalities: m.architecture?.input_modalities ?? ['text'],
      outputModalities: m.architecture?.output_modalities ?? ['text'],
      tokenizer: m.architecture?.tokenizer ?? null,
      pricing: parsePricing(m.pricing),
      supportedParameters: m.supported_parameters ?? [],
      isModerated: m.top_provider?.is_moderated ?? false,
      reasoning: m.reasoning
        ? {
            mandatory: m.reasoning.mandatory ?? false,
            defaultEnabled: m.reasoning.default_enabled ?? null,
            supportedEfforts: m.reasoning.supported_efforts ?? null,
            supportsMaxTokens: m.reasoning.supports_max_tokens ?? false,
          }
        : null,
      defaultParameters: numericDefaults(m.default_parameters),
      knowledgeCutoff: m.knowledge_cutoff ?? null,
      expirationDate: m.expiration_date ?? null,
    });
  }
  return { models, skipped };
}

const Percentiles = z.looseObject({ p50: z.number().nullish() }).nullish();

const RawEndpoint = z.looseObject({
  name: z.string(),
  provider_name: z.string(),
  tag: z.string().nullish(),
  context_length: z.number().nullish(),
  max_completion_tokens: z.number().nullish(),
  quantization: z.string().nullish(),
  pricing: RawPricing,
  supported_parameters: z.array(z.string()).nullish(),
  status: z.number().nullish(),
  uptime_last_30m: z.number().nullish(),
  latency_last_30m: Percentiles,
  throughput_last_30m: Percentiles,
});

export function parseEndpointsResponse(body: unknown): ProviderEndpoint[] {
  const endpoints = (body as { data?: { endpoints?: unknown } } | null)?.data?.endpoints;
  if (!Array.isArray(endpoints)) return [];
  const out: ProviderEndpoint[] = [];
  for (const item of endpoints) {
    const parsed = RawEndpoint.safeParse(item);
    if (!parsed.success) continue;
    const e = parsed.data;
    out.push({
      name: e.name,
      providerName: e.provider_name,
      tag: e.tag ?? null,
      contextLength: e.context_length ?? null,
      maxCompletionTokens: e.max_completion_tokens ?? null,
      quantization: e.quantization ?? null,
      pricing: parsePricing(e.pricing),
      supportedParameters: e.supported_parameters ?? [],
      status: e.status ?? null,
      uptimeLast30m: e.uptime_last_30m ?? null,
      latencyP50Ms: e.latency_last_30m?.p50 ?? null,
      throughputP50: e.throughput_last_30m?.p50 ?? null,
    });
  }
  return out;
}
