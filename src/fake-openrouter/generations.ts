/**
 * Finished generations for GET /generation. OpenRouter is eventually consistent here: a record
 * answers 404 until some seconds after the generation ended, so the fake holds each one back for
 * `delayMs` after it ends.
 */
import { seededRandom } from './random';

export interface GenerationRecord {
  id: string;
  upstreamId: string;
  model: string;
  providerName: string;
  createdAt: number;
  endedAt: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cost: number;
  streamed: boolean;
  cancelled: boolean;
  finishReason: string | null;
  /** Milliseconds to the first token; null when none came. */
  latencyMs: number | null;
  generationTimeMs: number;
  origin: string;
  httpReferer: string | null;
  userAgent: string | null;
  externalUser: string | null;
  router: string | null;
  sessionId: string | null;
}

const KEEP = 10_000;

export class Generations {
  private readonly records = new Map<string, GenerationRecord>();

  constructor(private readonly delayMs: number) {}

  add(record: GenerationRecord): void {
    this.records.set(record.id, record);
    if (this.records.size > KEEP) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  /** The record, once it is visible. */
  find(id: string, now = Date.now()): GenerationRecord | undefined {
    const record = this.records.get(id);
    if (!record || now < record.endedAt + this.delayMs) return undefined;
    return record;
  }
}

/** A stable UUID-shaped id per provider and model, like a real endpoint id. */
function endpointId(g: GenerationRecord): string {
  const random = seededRandom(`endpoint:${g.providerName}:${g.model}`);
  let hex = '';
  while (hex.length < 32) hex += random.int(0, 15).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** created_at the way /generation writes it: ISO 8601 with a +00:00 offset. */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** GET /generation's body, in the order real responses list their fields. */
export function generationResponse(g: GenerationRecord): unknown {
  return {
    data: {
      id: g.id,
      upstream_id: g.upstreamId,
      total_cost: g.cost,
      cache_discount: null,
      upstream_inference_cost: null,
      created_at: isoTime(g.createdAt),
      model: g.model,
      app_id: null,
      streamed: g.streamed,
      cancelled: g.cancelled,
      provider_name: g.providerName,
      latency: g.latencyMs,
      moderation_latency: null,
      generation_time: g.generationTimeMs,
      finish_reason: g.finishReason,
      tokens_prompt: g.promptTokens,
      tokens_completion: g.completionTokens,
      native_tokens_prompt: g.promptTokens,
      native_tokens_completion: g.completionTokens,
      native_tokens_completion_images: 0,
      native_tokens_reasoning: g.reasoningTokens,
      native_tokens_cached: 0,
      num_media_prompt: null,
      num_input_audio_prompt: null,
      num_media_completion: 0,
      num_search_results: null,
      num_fetches: null,
      origin: g.origin,
      usage: g.cost,
      is_byok: false,
      native_finish_reason: g.finishReason,
      external_user: g.externalUser,
      api_type: 'completions',
      router: g.router,
      provider_responses: [
        {
          id: g.upstreamId,
          endpoint_id: endpointId(g),
          model_permaslug: g.model,
          provider_name: g.providerName,
          status: g.finishReason === 'error' ? 502 : 200,
          latency: g.latencyMs ?? g.generationTimeMs,
          is_byok: false,
        },
      ],
      user_agent: g.userAgent,
      http_referer: g.httpReferer,
      web_search_engine: null,
      service_tier: null,
      preset_id: null,
      data_region: 'global',
      workspace_id: null,
      request_id: null,
      session_id: g.sessionId,
      response_cache_source_id: null,
    },
  };
}
