/** Small pure helpers for rendering tokens as React text: entities, link targets, chunks. */

// marked leaves named character references in text for an HTML renderer to resolve; React
// renders text, so the common ones are resolved here (an unknown one stays as written).
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  times: '×',
  divide: '÷',
  plusmn: '±',
  minus: '−',
  deg: '°',
  micro: 'µ',
  para: '¶',
  sect: '§',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  lArr: '⇐',
  rArr: '⇒',
  hArr: '⇔',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  check: '✓',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(code: number): string {
  return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return Object.hasOwn(NAMED, name as string) ? (NAMED[name as string] as string) : whole;
  });
}

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The address to put in href, or null when the link must stay text: only absolute http(s) and
 * mailto links. The parsed URL is returned, so what is checked is what the browser opens.
 */
export function safeHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(decodeEntities(href).trim());
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

/**
 * `text` in pieces of at most `lines` lines; every piece but the last ends with its newline, so
 * the pieces join back to the text. Finished pieces of a growing text stay the same strings.
 */
export function chunkLines(text: string, lines: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  let at = 0;
  let count = 0;
  for (;;) {
    const newline = text.indexOf('\n', at);
    if (newline === -1) break;
    at = newline + 1;
    if (++count === lines) {
      chunks.push(text.slice(start, at));
      start = at;
      count = 0;
    }
  }
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start));
  return chunks;
}
