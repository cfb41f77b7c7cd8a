/**
 * Reading OpenRouter's stream chunks leniently: the fields RouterDesk uses are typed, anything
 * else passes through, and a field with an unexpected type reads as absent. A provider that adds a
 * field or a new value never breaks a stream.
 */
import { z } from 'zod';
import type { ChatUsage } from '@shared/schemas';

/** A field that reads as undefined when it is missing, null, or not what we expect. */
const lenient = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

const count = lenient(z.number().finite().nonnegative());

const Usage = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  cost: lenient(z.number().finite()),
  prompt_tokens_details: lenient(z.looseObject({ cached_tokens: count })),
  completion_tokens_details: lenient(z.looseObject({ reasoning_tokens: count })),
});

const Delta = z.looseObject({
  content: lenient(z.string()),
  reasoning: lenient(z.string()),
  // Kept as they come: they go back to OpenRouter unmodified.
  reasoning_details: lenient(z.array(z.unknown())),
});

const Choice = z.looseObject({
  delta: lenient(Delta),
  finish_reason: lenient(z.string()),
});

export const StreamChunk = z.looseObject({
  id: lenient(z.string()),
  model: lenient(z.string()),
  provider: lenient(z.string()),
  // One malformed choice is dropped, not the whole chunk.
  choices: lenient(z.array(z.unknown())).transform((list) =>
    (list ?? []).flatMap((c) => {
      const parsed = Choice.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    }),
  ),
  usage: lenient(Usage),
});
export type StreamChunk = z.infer<typeof StreamChunk>;

/** The chunk, or null when it is not an object at all (then it carries nothing we can use). */
export function readChunk(raw: unknown): StreamChunk | null {
  const parsed = StreamChunk.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function readUsage(u: NonNullable<StreamChunk['usage']>): ChatUsage {
  return {
    promptTokens: u.prompt_tokens ?? null,
    completionTokens: u.completion_tokens ?? null,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? null,
    cachedTokens: u.prompt_tokens_details?.cached_tokens ?? null,
    cost: u.cost ?? null,
  };
}

type Detail = Record<string, unknown>;

function isDetail(value: unknown): value is Detail {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds an answer's reasoning_details from the pieces streamed across chunks. Pieces with the
 * same `index` and `type` are one detail: their `text` and `summary` are concatenated and other
 * fields (signature, id, format, data) are kept, a later value filling in one not yet set. A piece
 * without an index is a detail of its own. Order is that of first appearance.
 */
export class ReasoningDetailsCollector {
  private readonly details: Detail[] = [];
  private readonly byKey = new Map<string, Detail>();

  add(pieces: readonly unknown[] | null | undefined): void {
    for (const piece of pieces ?? []) {
      if (!isDetail(piece)) continue;
      const index = typeof piece.index === 'number' ? piece.index : null;
      const key = index === null ? null : `${String(piece.type)}\u0000${index}`;
      const existing = key === null ? undefined : this.byKey.get(key);
      if (!existing) {
        const copy = { ...piece };
        this.details.push(copy);
        if (key !== null) this.byKey.set(key, copy);
        continue;
      }
      for (const [field, value] of Object.entries(piece)) {
        if ((field === 'text' || field === 'summary') && typeof value === 'string') {
          existing[field] = (typeof existing[field] === 'string' ? existing[field] : '') + value;
        } else if (
          value !== null &&
          value !== undefined &&
          (existing[field] === null || existing[field] === undefined)
        ) {
          existing[field] = value;
        }
      }
    }
  }

  /** The details so far (copies), or null when the stream sent none. */
  result(): unknown[] | null {
    return this.details.length > 0 ? this.details.map((d) => ({ ...d })) : null;
  }
}

/** Merges reasoning_details pieces in one go (see ReasoningDetailsCollector). */
export function mergeReasoningDetails(pieces: readonly unknown[]): unknown[] | null {
  const collector = new ReasoningDetailsCollector();
  collector.add(pieces);
  return collector.result();
}
