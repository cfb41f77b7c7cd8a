/**
 * Incremental block splitting for streamed Markdown, on top of marked's lexer. Pure: no DOM and
 * no React, so it runs (and is tested) in node.
 *
 * While text streams in, everything before the last open block is "committed": lexed once and
 * returned as the same Block objects on every later update. Only the tail (from the start of
 * the last open block) is lexed again. `finish()` lexes the whole text once, so the end result
 * equals a one-shot parse, and keeps the Block objects whose source did not change.
 */
import { Lexer, type Links, type Token, type Tokens } from 'marked';

export type FallbackReason = 'size' | 'depth' | 'error' | 'time';

interface BlockBase {
  /** Stable across updates: derived from where the block starts. */
  key: string;
  /** Offset of the block in the (newline-normalised) text. */
  start: number;
  raw: string;
  /** The block may still change: it is the last one and the text is still streaming. */
  open: boolean;
}

export interface TokenBlock extends BlockBase {
  kind: 'token';
  token: Token;
  /**
   * Signature of the link definitions the token's inline content was lexed with: a reference
   * link resolves only against a definition, which may come later in the text.
   */
  links: string;
}

/** Input that is pathological for the lexer or renderer, shown as preformatted text. */
export interface FallbackBlock extends BlockBase {
  kind: 'fallback';
  reason: FallbackReason;
}

export type Block = TokenBlock | FallbackBlock;

export interface MarkdownLimits {
  /** A block (other than code) longer than this is shown as plain text. */
  maxBlockChars: number;
  /** Containers (quotes, lists, emphasis, links…) nested deeper than this: plain text. */
  maxDepth: number;
  /**
   * Streaming re-lexes slower than this, `slowLexes` times in a row, switch the rest of the
   * stream to plain text (one slow lex is no signal: the first one compiles marked's rules).
   */
  lexBudgetMs: number;
  slowLexes: number;
  /** A final full lex slower than this shows the whole text as plain text. */
  finalBudgetMs: number;
}

export const defaultLimits: MarkdownLimits = {
  maxBlockChars: 32_000,
  maxDepth: 20,
  lexBudgetMs: 50,
  slowLexes: 3,
  finalBudgetMs: 400,
};

export interface MarkdownBlocksOptions extends Partial<MarkdownLimits> {
  /** Clock for the time budgets (tests inject one). */
  now?: () => number;
}

/** Work counters, for tests and measurements. */
export interface SplitterStats {
  lexCalls: number;
  lexedChars: number;
}

const EMPTY_LINKS_SIG = '{}';

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function newLexer(links: Links): Lexer {
  // A fresh options object per lexer: marked stores its tokenizer on the options it is given.
  const lexer = new Lexer({ gfm: true, breaks: false, pedantic: false, silent: false });
  Object.assign(lexer.tokens.links, links);
  return lexer;
}

function linksSignature(links: Links): string {
  return JSON.stringify(links);
}

/** Link definitions anywhere in the token (definitions inside quotes and list items count). */
function collectDefs(token: Token, into: Links): void {
  if (token.type === 'def') {
    const def = token as Tokens.Def;
    if (!Object.hasOwn(into, def.tag)) into[def.tag] = { href: def.href, title: def.title };
  } else if (token.type === 'blockquote') {
    for (const child of (token as Tokens.Blockquote).tokens) collectDefs(child, into);
  } else if (token.type === 'list') {
    for (const item of (token as Tokens.List).items) for (const child of item.tokens) collectDefs(child, into);
  }
}

function childTokens(token: Token): Token[][] {
  if (token.type === 'list') return (token as Tokens.List).items.map((item) => item.tokens);
  if (token.type === 'table') {
    const table = token as Tokens.Table;
    return [...table.header, ...table.rows.flat()].map((cell) => cell.tokens);
  }
  return 'tokens' in token && Array.isArray(token.tokens) ? [token.tokens] : [];
}

/** Whether containers nest deeper than `limit` (stops looking once they do). */
function tooDeep(token: Token, limit: number): boolean {
  if (limit < 0) return true;
  for (const children of childTokens(token)) {
    for (const child of children) if (tooDeep(child, limit - 1)) return true;
  }
  return false;
}

/** Reference-style links can only appear where there is a bracket. */
function mayUseReferences(raw: string): boolean {
  return raw.includes('[');
}

interface Positioned {
  token: Token;
  start: number;
}

/** The lexed tokens with their offsets, or null when they do not add up to the source. */
function positionTokens(tokens: Token[], start: number, end: number): Positioned[] | null {
  const out: Positioned[] = [];
  let pos = start;
  for (const token of tokens) {
    if (token.type !== 'space') out.push({ token, start: pos });
    pos += token.raw.length;
  }
  return pos === end ? out : null;
}

/** The state of a fenced code block that is still open at the end of the text. */
interface OpenFence {
  start: number;
  /** Offset just after the opening line. */
  bodyStart: number;
  /** Offset of the first line not yet checked for a closing fence. */
  scanFrom: number;
  closing: RegExp;
  /** Indentation marked strips from the body (only for indented backtick fences). */
  indent: string | null;
  lang: string | undefined;
  links: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Whether a code token is a fenced block that the text has not closed yet. */
function openFenceOf(token: Tokens.Code, start: number, links: string): OpenFence | null {
  if (token.codeBlockStyle === 'indented') return null;
  const opening = OPENING_FENCE.exec(token.raw);
  const firstNewline = token.raw.indexOf('\n');
  // Until the opening line is complete the language may still grow: keep lexing.
  if (!opening || firstNewline === -1) return null;
  const sequence = opening[1] as string;
  const more = sequence[0] === '`' ? '`*' : '~*';
  // As marked closes a fence: the same character, at least as many, then only blanks.
  const closing = new RegExp(`^ {0,3}${escapeRegExp(sequence)}${more}[ \\t]*$`);
  const body = token.raw.slice(firstNewline + 1);
  // A closed fence's raw ends with the closing line (and maybe the newline after it).
  const content = body.endsWith('\n') ? body.slice(0, -1) : body;
  if (body !== '' && closing.test(content.slice(content.lastIndexOf('\n') + 1))) return null;
  const lastLineStart = body.lastIndexOf('\n') + 1;
  const indentMatch = /^(\s+)```/.exec(token.raw);
  return {
    start,
    bodyStart: start + firstNewline + 1,
    scanFrom: start + firstNewline + 1 + lastLineStart,
    closing,
    indent: indentMatch ? (indentMatch[1] as string) : null,
    lang: token.lang,
    links,
  };
}

/** The code text marked gives an unclosed fence whose body is `body`. */
function openFenceText(body: string, indent: string | null): string {
  if (body === '') return '';
  let text = body.endsWith('\n') ? body.slice(0, -1) : body;
  if (indent !== null) {
    text = text
      .split('\n')
      .map((line) => {
        const lead = /^\s+/.exec(line);
        return lead ? line.slice(Math.min(lead[0].length, indent.length)) : line;
      })
      .join('\n');
  }
  return text === '' || text.endsWith('\n') ? `${text}\n` : text;
}

export class MarkdownBlocks {
  readonly limits: MarkdownLimits;
  readonly stats: SplitterStats = { lexCalls: 0, lexedChars: 0 };
  private readonly now: () => number;

  // Streaming state.
  private source = '';
  private committed: Block[] = [];
  private committedEnd = 0;
  /** Definitions in committed blocks, in text order (the first definition of a label wins). */
  private links: Links = Object.create(null) as Links;
  private linksSig = EMPTY_LINKS_SIG;
  /** Once set, everything from here to the end of the stream is plain text. */
  private plainFrom: { start: number; reason: FallbackReason } | null = null;
  private fence: OpenFence | null = null;
  private slowInARow = 0;
  private streamed: Block[] | null = null;

  private finished: { source: string; blocks: Block[] } | null = null;

  constructor(options: MarkdownBlocksOptions = {}) {
    const { now, ...limits } = options;
    this.limits = { ...defaultLimits, ...limits };
    this.now = now ?? (() => performance.now());
  }

  /** The blocks of `fullText`, a streamed text that so far only grew (else it starts over). */
  update(fullText: string): Block[] {
    const text = normalizeNewlines(fullText);
    if (this.streamed && text === this.source) return this.streamed;
    // Not startsWith: V8 compares that char by char; string equality is a memory compare.
    const continues = text.length >= this.source.length && text.slice(0, this.source.length) === this.source;
    if (!continues) this.resetStream();
    this.source = text;
    this.streamed = this.streamTail();
    return this.streamed;
  }

  /**
   * The blocks of the complete text, exactly as a one-shot parse gives them. Blocks of the last
   * update (or finish) whose source and link definitions are unchanged are returned as the same
   * objects, so a memoised renderer leaves them alone.
   */
  finish(fullText: string): Block[] {
    const text = normalizeNewlines(fullText);
    if (this.finished?.source === text) return this.finished.blocks;
    const previous = new Map<number, Block>();
    for (const block of this.finished?.blocks ?? []) previous.set(block.start, block);
    for (const block of this.streamed ?? []) previous.set(block.start, block);
    const blocks = this.parseWhole(text, previous);
    this.finished = { source: text, blocks };
    return blocks;
  }

  private resetStream(): void {
    this.source = '';
    this.committed = [];
    this.committedEnd = 0;
    this.links = Object.create(null) as Links;
    this.linksSig = EMPTY_LINKS_SIG;
    this.plainFrom = null;
    this.fence = null;
    this.slowInARow = 0;
    this.streamed = null;
  }

  private lex(src: string, links: Links): Token[] & { links: Links } {
    this.stats.lexCalls++;
    this.stats.lexedChars += src.length;
    return newLexer(links).lex(src);
  }

  private fallback(start: number, raw: string, reason: FallbackReason, open: boolean): FallbackBlock {
    return { kind: 'fallback', key: `b${start}`, start, raw, reason, open };
  }

  /** A block for a lexed token, or plain text when the token is pathological. */
  private blockFor(item: Positioned, links: string, open: boolean): Block {
    const { token, start } = item;
    if (token.type !== 'code' && token.raw.length > this.limits.maxBlockChars) {
      return this.fallback(start, token.raw, 'size', open);
    }
    if (tooDeep(token, this.limits.maxDepth)) return this.fallback(start, token.raw, 'depth', open);
    return { kind: 'token', key: `b${start}`, start, raw: token.raw, token, open, links };
  }

  private withTail(tail: Block | null): Block[] {
    return tail ? [...this.committed, tail] : this.committed.slice();
  }

  private streamTail(): Block[] {
    const text = this.source;
    if (this.plainFrom) {
      const { start, reason } = this.plainFrom;
      return this.withTail(this.fallback(start, text.slice(start), reason, true));
    }
    if (this.fence) {
      const code = this.extendFence();
      if (code) return this.withTail(code);
    }

    const start = this.committedEnd;
    if (start === text.length) return this.withTail(null);
    const src = text.slice(start);
    const began = this.now();
    let tokens: Token[] & { links: Links };
    try {
      tokens = this.lex(src, this.links);
    } catch {
      return this.plainRest(start, 'error');
    }
    this.slowInARow = this.now() - began > this.limits.lexBudgetMs ? this.slowInARow + 1 : 0;
    if (this.slowInARow >= this.limits.slowLexes) return this.plainRest(start, 'time');
    const items = positionTokens(tokens, start, text.length);
    if (!items) return this.plainRest(start, 'error');
    const sig = linksSignature(tokens.links);

    const last = items.at(-1);
    let pending = items.slice(0, -1);
    if (last && pending.length > 0 && this.canCommitBefore(pending.at(-1) as Positioned, last)) {
      const before = this.linksSig;
      for (const item of pending) {
        this.committed.push(this.blockFor(item, sig, false));
        collectDefs(item.token, this.links);
      }
      this.committedEnd = last.start;
      this.linksSig = linksSignature(this.links);
      if (this.linksSig !== before) this.relinkCommitted();
      pending = [];
    }
    if (!last) return this.withTail(null);

    const open = this.blockFor(last, sig, true);
    // Re-lexing a huge or deeply nested block on every update is what must not happen.
    if (open.kind === 'fallback') return this.plainRest(this.committedEnd, open.reason);
    if (open.token.type === 'code' && last.start === this.committedEnd) {
      this.fence = openFenceOf(open.token as Tokens.Code, last.start, sig);
    }
    // Blocks before `last` that could not be committed yet stay open too.
    return [...this.committed, ...pending.map((item) => this.blockFor(item, sig, true)), open];
  }

  private plainRest(start: number, reason: FallbackReason): Block[] {
    this.plainFrom = { start, reason };
    return this.withTail(this.fallback(start, this.source.slice(start), reason, true));
  }

  /**
   * Whether the blocks before `last` are final. The line that starts a block can decide where
   * the block before it ends: right after a paragraph, "#" alone is a heading but "#tag"
   * continues the paragraph (or a table row); so without a blank line in between, wait for that
   * line (for a table, its delimiter row too). After a blank line only a list can still grow:
   * "2" may become its item "2.".
   */
  private canCommitBefore(previous: Positioned, last: Positioned): boolean {
    if (this.linesComplete(last, last.token.type === 'table' ? 2 : 1)) return true;
    if (!this.blankLineBefore(last.start)) return false;
    return previous.token.type !== 'list' || !/^ {0,3}\d{1,9}$/.test(this.source.slice(last.start));
  }

  private blankLineBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0 && newlines < 2; i--) {
      const char = this.source[i];
      if (char === '\n') newlines++;
      else if (char !== ' ' && char !== '\t') break;
    }
    return newlines >= 2;
  }

  private linesComplete(item: Positioned, lines: number): boolean {
    let at = item.start;
    for (let i = 0; i < lines; i++) {
      const newline = this.source.indexOf('\n', at);
      if (newline === -1) return false;
      at = newline + 1;
    }
    return true;
  }

  /** New committed definitions: re-lex the committed blocks that may refer to them. */
  private relinkCommitted(): void {
    this.committed = this.committed.map((block) => {
      if (block.kind !== 'token' || block.links === this.linksSig || !mayUseReferences(block.raw)) return block;
      let tokens: Token[];
      try {
        tokens = this.lex(block.raw, this.links);
      } catch {
        return block;
      }
      const token = tokens.find((t) => t.type !== 'space');
      if (!token || token.raw !== block.raw) return block;
      return { ...block, token, links: this.linksSig };
    });
  }

  /**
   * The open fenced code block after more text arrived, without lexing it again: until a closing
   * fence line appears its body is simply the rest of the text. Null when the fence closed.
   */
  private extendFence(): TokenBlock | null {
    const fence = this.fence as OpenFence;
    const text = this.source;
    let lineStart = fence.scanFrom;
    for (;;) {
      const newline = text.indexOf('\n', lineStart);
      const line = text.slice(lineStart, newline === -1 ? text.length : newline);
      if (fence.closing.test(line)) {
        this.fence = null;
        return null;
      }
      if (newline === -1) break;
      lineStart = newline + 1;
    }
    fence.scanFrom = lineStart;
    const raw = text.slice(fence.start);
    const token: Tokens.Code = {
      type: 'code',
      raw,
      lang: fence.lang,
      text: openFenceText(text.slice(fence.bodyStart), fence.indent),
    };
    return { kind: 'token', key: `b${fence.start}`, start: fence.start, raw, token, open: true, links: fence.links };
  }

  private parseWhole(text: string, previous: Map<number, Block>): Block[] {
    if (text === '') return [];
    const began = this.now();
    let tokens: Token[] & { links: Links };
    try {
      tokens = this.lex(text, Object.create(null) as Links);
    } catch {
      return [this.fallback(0, text, 'error', false)];
    }
    if (this.now() - began > this.limits.finalBudgetMs) return [this.fallback(0, text, 'time', false)];
    const items = positionTokens(tokens, 0, text.length);
    if (!items) return [this.fallback(0, text, 'error', false)];
    const sig = linksSignature(tokens.links);
    return items.map((item) => {
      const block = this.blockFor(item, sig, false);
      const before = previous.get(item.start);
      if (before && !before.open && before.kind === block.kind && before.raw === block.raw) {
        if (before.kind === 'fallback') return before;
        if (before.links === sig || !mayUseReferences(before.raw)) return before;
      }
      return block;
    });
  }
}

/** The blocks of a complete text in one pass (what streaming ends up with). */
export function parseBlocks(text: string, options?: MarkdownBlocksOptions): Block[] {
  return new MarkdownBlocks(options).finish(text);
}
