/**
 * Splits a message into text and links, so the addresses the core's messages point to
 * (openrouter.ai/settings/credits, a docs page) can be clicked. Only https links are made:
 * a message is text from elsewhere, and nothing in it may become a javascript: or http: link.
 */
export type MessagePart = { text: string } | { text: string; href: string };

// https://… up to whitespace, or a bare openrouter.ai address (the messages name it that way).
const LINK = /\bhttps:\/\/[^\s<>"'`]+|\bopenrouter\.ai\/[^\s<>"'`]*/gi;
// Sentence punctuation after an address belongs to the sentence, not the address.
const TRAILING = /[.,;:!?)\]}'"]+$/;

function hrefFor(raw: string): string | null {
  const candidate = /^https:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of message.matchAll(LINK)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw);
    // Keep a closing parenthesis that closes one opened inside the address.
    if (trailing && !(trailing[0] === ')' && raw.includes('('))) raw = raw.slice(0, -trailing[0].length);
    const href = hrefFor(raw);
    if (!href || raw.length === 0) continue;
    const start = match.index;
    if (start > last) parts.push({ text: message.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < message.length) parts.push({ text: message.slice(last) });
  return parts;
}
