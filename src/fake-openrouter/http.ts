/** Small node:http helpers shared by the routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorReply } from './errors';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, reply: ErrorReply): void {
  sendJson(res, reply.status, reply.body, reply.headers);
}

/** The whole request body as text (chat requests are small; 32 MB caps a runaway client). */
export async function readBody(req: IncomingMessage, limit = 32 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
