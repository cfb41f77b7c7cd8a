/** Helpers for the fake's own tests: SSE reading, chat requests and bounded polling. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeOpenRouter } from './server';

/** Parsed JSON in assertions: tests navigate it freely and let expect() do the checking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type SseEvent = { kind: 'comment'; text: string } | { kind: 'data'; data: string };

/** Splits an SSE body into comments and data events, in order. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    const dataLines: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) events.push({ kind: 'comment', text: line.slice(1).trim() });
      else if (line.startsWith('data:')) dataLines.push(line.slice(5).trimStart());
    }
    if (dataLines.length) events.push({ kind: 'data', data: dataLines.join('\n') });
  }
  return events;
}

/** The JSON chunks of a stream (everything but comments and [DONE]). */
export function jsonChunks(events: SseEvent[]): Record<string, Json>[] {
  return events
    .filter((e): e is { kind: 'data'; data: string } => e.kind === 'data' && e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as Record<string, Json>);
}

export function chat(fake: FakeOpenRouter, key: string | null, body: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  return fetch(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
}

export function get(fake: FakeOpenRouter, path: string, key?: string): Promise<Response> {
  return fetch(`${fake.baseUrl}${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
}

export function ask(text: string): { role: string; content: string }[] {
  return [{ role: 'user', content: text }];
}

interface CatalogEntry {
  id: string;
  canonical_slug: string;
  pricing: Record<string, Json>;
  [field: string]: Json;
}

/** The catalog read straight from the data file, independently of the server's code. */
export function catalogFile(): { data: CatalogEntry[]; total_count: number; links: { next: null } } {
  return JSON.parse(readFileSync(join(__dirname, 'data', 'models-2026-08.json'), 'utf8'));
}

export function catalogEntry(id: string): CatalogEntry {
  const entry = catalogFile().data.find((m) => m.id === id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  return entry;
}

/** GET /generation until it answers 200, at most `attempts` times. */
export async function pollGeneration(
  fake: FakeOpenRouter,
  key: string,
  id: string,
  attempts = 80,
  intervalMs = 25,
): Promise<{ response: Response; tries: number }> {
  for (let tries = 1; ; tries++) {
    const response = await get(fake, `/generation?id=${encodeURIComponent(id)}`, key);
    if (response.status !== 404 || tries >= attempts) return { response, tries };
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A response's JSON body, loosely typed for assertions. */
export async function json(response: Response | Promise<Response>): Promise<Json> {
  return (await response).json();
}
