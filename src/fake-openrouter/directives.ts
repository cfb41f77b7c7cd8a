/**
 * Test directives: text like `[[fake:tokens=40]]` in the LAST user message picks the fake's
 * behaviour for that one request. Unknown names and bad values are ignored (the text is then
 * just part of the prompt).
 *
 *   [[fake:tokens=N]]              answer length in tokens (default 24, at most 50000)
 *   [[fake:format=F]]              the answer's text: markdown (GitHub-flavoured Markdown with
 *                                  headings, lists, a task list, tables, quotes and fenced code)
 *                                  or code (one long fenced code block, never closed)
 *   [[fake:rate=N]]                tokens per second (0 = no delay)
 *   [[fake:error=CODE]]            fail before the first token with that HTTP status:
 *                                  400 401 402 403 404 408 429 500 502 503
 *   [[fake:midstream-error=CODE]]  HTTP 200, some tokens, then an error chunk; no usage, no [DONE]
 *   [[fake:reasoning=N]]           stream N reasoning tokens before the answer
 *   [[fake:stall=N]]               after N tokens send nothing more, not even keep-alives, and
 *                                  keep the connection open (a hung upstream)
 *   [[fake:cutoff=N]]              after N tokens end the response cleanly, with no finish chunk,
 *                                  no usage and no [DONE] (a truncated stream)
 *   [[fake:drop=N]]                after N tokens destroy the socket (a broken connection)
 *   [[fake:usage-shape=S]]         the final usage chunk's shape: empty-delta (one choice with an
 *                                  empty delta) or empty-choices (choices: [])
 *   [[fake:usage-cost=omit]]       usage without `cost` (and cost_details), as some providers send
 *                                  it; /generation still has the billed cost
 *   [[fake:generation=missing]]    GET /generation answers 404 for this request's id, forever
 *   [[fake:afford=N]]              the account can afford only N tokens of answer: a request whose
 *                                  max_tokens (or, unset, the model's longest answer) is above N
 *                                  answers the real 402 pre-authorisation error
 *   [[fake:require-reasoning-details]]  answer 400 with Gemini's real error when an assistant
 *                                  message in the history lacks its reasoning_details
 */
import type { AnswerFormat } from './markdown';
import { contentText, type Message } from './text';

export const errorCodes = [400, 401, 402, 403, 404, 408, 429, 500, 502, 503] as const;
export type ErrorCodeDirective = (typeof errorCodes)[number];
export type UsageShape = 'empty-delta' | 'empty-choices';

export interface Directives {
  tokens?: number;
  format?: AnswerFormat;
  rate?: number;
  error?: ErrorCodeDirective;
  midstreamError?: ErrorCodeDirective;
  reasoning?: number;
  usageShape?: UsageShape;
  stallAfter?: number;
  cutoffAfter?: number;
  dropAfter?: number;
  usageCost?: 'omit';
  generation?: 'missing';
  afford?: number;
  requireReasoningDetails?: boolean;
}

export const MAX_TOKENS_DIRECTIVE = 50000;

export const directivesHelp = `Directives (put them in the last user message):
  [[fake:tokens=N]]              answer length in tokens (default 24, max ${MAX_TOKENS_DIRECTIVE})
  [[fake:format=F]]              answer text: markdown (GFM: headings, lists, tables, code…)
                                 or code (one long fenced code block left open)
  [[fake:rate=N]]                tokens per second for this request (0 = no delay)
  [[fake:error=CODE]]            HTTP error before the first token (${errorCodes.join(', ')})
  [[fake:midstream-error=CODE]]  HTTP 200, some tokens, then an error chunk and no [DONE]
  [[fake:reasoning=N]]           N reasoning tokens before the answer
  [[fake:usage-shape=S]]         usage chunk shape: empty-delta or empty-choices
  [[fake:stall=N]]               after N tokens go silent and keep the connection open
  [[fake:cutoff=N]]              after N tokens end the response with no finish chunk or [DONE]
  [[fake:drop=N]]                after N tokens destroy the socket
  [[fake:usage-cost=omit]]       usage chunk without cost (/generation still has it)
  [[fake:generation=missing]]    GET /generation is 404 for this request forever
  [[fake:afford=N]]              402 pre-authorisation when max_tokens (or the model's max) > N
  [[fake:require-reasoning-details]]  400 (Gemini) when an assistant message lacks reasoning_details`;

function errorCode(value: string): ErrorCodeDirective | undefined {
  const code = Number(value);
  return (errorCodes as readonly number[]).includes(code) ? (code as ErrorCodeDirective) : undefined;
}

function count(value: string, max: number): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), max);
}

export function parseDirectives(messages: Message[]): Directives {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = lastUser ? contentText(lastUser.content) : '';
  const found: Directives = {};
  for (const match of text.matchAll(/\[\[fake:([a-z-]+)=([^\]\s]+)\]\]/g)) {
    const name = match[1] as string;
    const value = match[2] as string;
    switch (name) {
      case 'tokens':
        found.tokens = count(value, MAX_TOKENS_DIRECTIVE) ?? found.tokens;
        break;
      case 'format':
        if (value === 'markdown' || value === 'code') found.format = value;
        break;
      case 'rate': {
        const rate = Number(value);
        if (Number.isFinite(rate) && rate >= 0) found.rate = rate;
        break;
      }
      case 'error':
        found.error = errorCode(value) ?? found.error;
        break;
      case 'midstream-error':
        found.midstreamError = errorCode(value) ?? found.midstreamError;
        break;
      case 'reasoning':
        found.reasoning = count(value, MAX_TOKENS_DIRECTIVE) ?? found.reasoning;
        break;
      case 'stall':
        found.stallAfter = count(value, MAX_TOKENS_DIRECTIVE) ?? found.stallAfter;
        break;
      case 'cutoff':
        found.cutoffAfter = count(value, MAX_TOKENS_DIRECTIVE) ?? found.cutoffAfter;
        break;
      case 'drop':
        found.dropAfter = count(value, MAX_TOKENS_DIRECTIVE) ?? found.dropAfter;
        break;
      case 'usage-shape':
        if (value === 'empty-delta' || value === 'empty-choices') found.usageShape = value;
        break;
      case 'usage-cost':
        if (value === 'omit') found.usageCost = value;
        break;
      case 'generation':
        if (value === 'missing') found.generation = value;
        break;
      case 'afford':
        found.afford = count(value, Number.MAX_SAFE_INTEGER) ?? found.afford;
        break;
    }
  }
  // Switches, which take no value.
  for (const match of text.matchAll(/\[\[fake:([a-z-]+)\]\]/g)) {
    if (match[1] === 'require-reasoning-details') found.requireReasoningDetails = true;
  }
  return found;
}
