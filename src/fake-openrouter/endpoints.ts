/**
 * GET /models/{author}/{slug}/endpoints. Kimi K3 answers with the real captured sample; every
 * other model gets 1-4 endpoints synthesized from its own catalog entry, seeded by its id, with
 * the sample's field order. The first endpoint always carries the catalog price and is healthy:
 * that is the one chat requests are routed to.
 */
import { isRouter, readDataFile, type CatalogModel } from './catalog';
import { firstPartyProviders, openWeightHosts, type Provider } from './providers';
import { seededRandom, type Random } from './random';

export interface Percentiles {
  p50: number;
  p75: number;
  p90: number;
  p99: number;
}

export interface PublicEndpoint {
  name: string;
  model_id: string;
  model_name: string;
  context_length: number;
  pricing: Record<string, unknown>;
  provider_name: string;
  tag: string;
  quantization: string | null;
  max_completion_tokens: number | null;
  max_prompt_tokens: number | null;
  supported_parameters: string[];
  status: number;
  uptime_last_30m: number | null;
  uptime_last_5m: number | null;
  uptime_last_1d: number | null;
  supports_implicit_caching: boolean;
  supports_voice_cloning: boolean;
  latency_last_30m: Percentiles | null;
  throughput_last_30m: Percentiles | null;
  /** Not in the 2026-08 capture, but required by @openrouter/sdk's schema; added last. */
  supports_tool_choice?: { auto: boolean; none: boolean; required: boolean; function: boolean };
}

export interface EndpointsResponse {
  data: {
    id: string;
    name: string;
    created: number;
    description: string;
    architecture: Record<string, unknown>;
    endpoints: PublicEndpoint[];
  };
}

const KIMI_K3 = 'moonshotai/kimi-k3';

let kimiSample: EndpointsResponse | undefined;

function kimiEndpoints(): EndpointsResponse {
  kimiSample ??= readDataFile('endpoints-moonshotai-kimi-k3.json') as EndpointsResponse;
  return kimiSample;
}

export function endpointsResponse(model: CatalogModel): EndpointsResponse {
  if (model.id === KIMI_K3) return kimiEndpoints();
  const { tokenizer, instruct_type, modality, input_modalities, output_modalities } = model.architecture;
  return {
    data: {
      id: model.id,
      name: model.name,
      created: model.created,
      description: model.description,
      architecture: { tokenizer, instruct_type, modality, input_modalities, output_modalities },
      endpoints: synthesizeEndpoints(model),
    },
  };
}

const memo = new Map<string, PublicEndpoint[]>();

/** The endpoints serving a model; routers have none of their own. */
export function endpointsFor(model: CatalogModel): PublicEndpoint[] {
  if (model.id === KIMI_K3) return kimiEndpoints().data.endpoints;
  let endpoints = memo.get(model.id);
  if (!endpoints) {
    endpoints = synthesizeEndpoints(model);
    memo.set(model.id, endpoints);
  }
  return endpoints;
}

function synthesizeEndpoints(model: CatalogModel): PublicEndpoint[] {
  if (isRouter(model)) return [];
  const random = seededRandom(`endpoints:${model.id}`);
  const hosts = chooseHosts(model, random);
  const endpoints = hosts.map((host, index) => buildEndpoint(model, host, index, random));

  // Some open-weight hosts also sell a faster, pricier tier (e.g. "fireworks/fast").
  const openHost = hosts.find((h) => h.hostsOpenWeights);
  if (openHost && endpoints.length < 4 && random.chance(0.25)) {
    const fast = buildEndpoint(model, openHost, endpoints.length, random, true);
    endpoints.push(fast);
  }
  return endpoints;
}

function chooseHosts(model: CatalogModel, random: Random): Provider[] {
  const count = random.int(1, 4);
  const ownApi = firstPartyProviders(model.id);
  const openWeights = Boolean(model.hugging_face_id) || model.id.endsWith(':free') || ownApi.length === 0;
  const pool = openWeights ? shuffle([...ownApi.slice(1), ...openWeightHosts], random) : ownApi.slice(1);
  const chosen = ownApi.length ? [ownApi[0] as Provider] : [];
  for (const host of pool) {
    if (chosen.length >= count) break;
    if (!chosen.includes(host)) chosen.push(host);
  }
  return chosen;
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const optionalParameters = [
  'top_k',
  'min_p',
  'top_a',
  'repetition_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'frequency_penalty',
  'presence_penalty',
];

function buildEndpoint(
  model: CatalogModel,
  host: Provider,
  index: number,
  random: Random,
  fastTier = false,
): PublicEndpoint {
  const primary = index === 0;
  const priceFactor = primary ? 1 : fastTier ? 1.5 : random.pick([1, 1.1, 1.15, 1.25, 1.5, 2]);
  const degraded = !primary && random.chance(0.2);
  const contextLength = model.context_length ?? model.top_provider.context_length ?? 131072;
  const parameters = primary
    ? [...model.supported_parameters]
    : model.supported_parameters.filter((p) => !optionalParameters.includes(p) || random.chance(0.7));
  const toolChoice = parameters.includes('tools');
  const variant = model.id.includes(':') ? model.id.slice(model.id.indexOf(':')) : '';
  const throughputBase = fastTier ? random.int(80, 220) : random.int(10, 160);

  return {
    name: `${host.name} | ${model.canonical_slug}${variant}`,
    model_id: model.id,
    model_name: model.name,
    context_length: contextLength,
    pricing: { ...scalePricing(model.pricing, priceFactor), discount: 0 },
    provider_name: host.name,
    tag: fastTier ? `${host.slug}/fast` : host.slug,
    quantization: host.hostsOpenWeights ? random.pick(['fp8', 'fp8', 'bf16', 'fp4', 'int4', 'unknown']) : 'unknown',
    max_completion_tokens: random.chance(0.5) ? (model.top_provider.max_completion_tokens ?? null) : contextLength,
    max_prompt_tokens: null,
    supported_parameters: parameters,
    status: degraded ? -2 : 0,
    uptime_last_30m: degraded ? 80 + random.next() * 12 : 97 + random.next() * 3,
    uptime_last_5m: random.chance(0.1) ? null : degraded ? 70 + random.next() * 20 : 96 + random.next() * 4,
    uptime_last_1d: degraded ? 82 + random.next() * 16 : 98 + random.next() * 2,
    supports_implicit_caching: host.implicitCaching,
    supports_voice_cloning: false,
    latency_last_30m: spread(
      random.int(300, 9000) + (random.chance(0.3) ? 0.5 : 0),
      random,
      [1.2, 2.2],
      [1.3, 2.4],
      [1.5, 6],
    ),
    throughput_last_30m: spread(throughputBase, random, [1.1, 1.4], [1.1, 1.3], [1.1, 1.5]),
    supports_tool_choice: { auto: toolChoice, none: toolChoice, required: toolChoice, function: toolChoice },
  };
}

/** Percentiles that grow like real ones, including their floating-point tails. */
function spread(p50: number, random: Random, ...ratios: [number, number][]): Percentiles {
  const values = [p50];
  for (const [low, high] of ratios) {
    const previous = values[values.length - 1] as number;
    values.push(previous * (low + random.next() * (high - low)));
  }
  const [, p75, p90, p99] = values as [number, number, number, number];
  return { p50, p75: Math.round(p75 * 4) / 4, p90: Math.round(p90 * 10) / 10, p99 };
}

/** Scales every per-unit price (overrides are the catalog's business, not an endpoint's). */
function scalePricing(pricing: Record<string, unknown>, factor: number): Record<string, unknown> {
  const scaled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pricing)) {
    if (key === 'overrides' || key === 'discount') continue;
    scaled[key] = typeof value === 'string' && factor !== 1 ? scalePrice(value, factor) : value;
  }
  return scaled;
}

function scalePrice(price: string, factor: number): string {
  const value = Number(price) * factor;
  if (!Number.isFinite(value) || value <= 0) return price;
  return value.toFixed(14).replace(/0+$/, '').replace(/\.$/, '');
}
