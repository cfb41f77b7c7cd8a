import { Lexer } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownBlocks, parseBlocks, type Block } from './blocks';
import { randomCuts, randomDocument, rng } from './testDocuments';

/** What a block means, without object identity. */
function shape(block: Block): unknown {
  return block.kind === 'token'
    ? { key: block.key, start: block.start, raw: block.raw, open: block.open, token: block.token }
    : { key: block.key, start: block.start, raw: block.raw, open: block.open, reason: block.reason };
}

function stream(text: string, cuts: number[], splitter = new MarkdownBlocks()): Block[][] {
  return cuts.map((at) => splitter.update(text.slice(0, at)));
}

function types(blocks: Block[]): string[] {
  return blocks.map((b) => (b.kind === 'token' ? b.token.type : `fallback:${b.reason}`));
}

afterEach(() => vi.restoreAllMocks());

describe('MarkdownBlocks.update', () => {
  it('splits into blocks with keys from their offsets, the last one open', () => {
    const blocks = new MarkdownBlocks().update('# Title\n\nSome text.\n\n- a\n- b');
    expect(types(blocks)).toEqual(['heading', 'paragraph', 'list']);
    expect(blocks.map((b) => b.key)).toEqual(['b0', 'b9', 'b21']);
    expect(blocks.map((b) => b.open)).toEqual([false, false, true]);
  });

  it('returns committed blocks as the same objects and lexes only the tail', () => {
    const splitter = new MarkdownBlocks();
    const first = splitter.update('# Title\n\nA paragraph.\n\nNext');
    const lexedBefore = splitter.stats.lexedChars;
    const second = splitter.update('# Title\n\nA paragraph.\n\nNext paragraph grows.');
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).not.toBe(first[2]);
    expect(second[2]?.key).toBe(first[2]?.key);
    // Only "Next paragraph grows." was lexed again.
    expect(splitter.stats.lexedChars - lexedBefore).toBe('Next paragraph grows.'.length);
  });

  it('returns the same array for the same text, and starts over when the text is not a continuation', () => {
    const splitter = new MarkdownBlocks();
    const blocks = splitter.update('one\n\ntwo');
    expect(splitter.update('one\n\ntwo')).toBe(blocks);
    const other = splitter.update('different\n\ntext');
    expect(other.map((b) => b.raw)).toEqual(['different', 'text']);
  });

  it('treats CRLF like LF', () => {
    expect(parseBlocks('a\r\n\r\n- b\r\n- c').map((b) => b.raw)).toEqual(['a', '- b\n- c']);
  });

  it('keeps a list continued after a blank line as one list', () => {
    const text = '- one\n\n- two\n\n  more of two\n- three\n\nAfter.';
    const blocks = stream(text, randomCuts(rng(1), text.length, 3)).at(-1) as Block[];
    expect(types(blocks)).toEqual(['list', 'paragraph']);
    const oneShot = parseBlocks(text).map((b, i, all) => ({ ...b, open: i === all.length - 1 }));
    expect(blocks.map(shape)).toEqual(oneShot.map(shape));
  });

  it('does not commit a block before the next line is complete', () => {
    const splitter = new MarkdownBlocks();
    // "#" alone would be a heading; "#tag" continues the paragraph.
    expect(types(splitter.update('para\n#'))).toEqual(['paragraph', 'heading']);
    expect(types(splitter.update('para\n#tag\n'))).toEqual(['paragraph']);
    // "2" after a list may become the list's next item.
    const list = new MarkdownBlocks();
    list.update('1. one\n\n2');
    expect(types(list.update('1. one\n\n2. two\n'))).toEqual(['list']);
  });

  it('grows a table from a paragraph once its delimiter row is complete', () => {
    const text = 'Intro\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |';
    const splitter = new MarkdownBlocks();
    for (let at = 1; at <= text.length; at++) splitter.update(text.slice(0, at));
    const blocks = splitter.update(text);
    expect(types(blocks)).toEqual(['paragraph', 'table']);
    const table = blocks[1] as Extract<Block, { kind: 'token' }>;
    expect(table.token.type === 'table' && table.token.rows.length).toBe(2);
  });

  it('resolves a reference link in a committed block once its definition is committed', () => {
    const splitter = new MarkdownBlocks();
    const start = 'See [the docs][d].\n\nMore text.\n\nThird';
    const before = splitter.update(start);
    const withDef = splitter.update(`${start}\n\n[d]: https://example.com/docs\n\nEnd`);
    expect(withDef[0]).not.toBe(before[0]);
    expect(withDef[1]).toBe(before[1]);
    const paragraph = withDef[0] as Extract<Block, { kind: 'token' }>;
    expect(JSON.stringify(paragraph.token)).toContain('https://example.com/docs');
  });

  it('extends an open fenced block without lexing it again, matching what the lexer gives', () => {
    const splitter = new MarkdownBlocks();
    let text = 'Intro.\n\n```ts\n';
    splitter.update(text);
    const lexed = splitter.stats.lexedChars;
    for (let i = 0; i < 2000; i++) {
      text += `const value${i} = ${i}; // line ${i}\n`;
      const blocks = splitter.update(text);
      if (i % 500 === 0) {
        const whole = new Lexer({ gfm: true }).lex(text.slice(8))[0];
        expect((blocks.at(-1) as Extract<Block, { kind: 'token' }>).token).toEqual(whole);
      }
    }
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(splitter.stats.lexedChars - lexed).toBe(0);
    // The closing fence ends the fast path: the block is lexed once more and committed later.
    const closed = splitter.update(`${text}\`\`\`\n\nAfter.\n`);
    expect(types(closed)).toEqual(['paragraph', 'code', 'paragraph']);
    expect(closed[1]?.open).toBe(false);
  });

  it('matches the lexer for open fences with blank lines, indentation and tildes', () => {
    for (const text of ['  ```js\n  a\n    b\n c\n\n', '~~~\n```\nx\n', '```\n\n', '```py\nx\n``', '````\n```\n']) {
      const splitter = new MarkdownBlocks();
      for (let at = 1; at <= text.length; at++) {
        const last = splitter.update(text.slice(0, at)).at(-1) as Extract<Block, { kind: 'token' }> | undefined;
        if (!last) continue;
        expect(last.token, JSON.stringify(text.slice(0, at))).toEqual(
          new Lexer({ gfm: true }).lex(text.slice(0, at))[0],
        );
      }
    }
  });
});

describe('streaming ends equal to a one-shot parse', () => {
  it('for random documents streamed in random chunks', () => {
    let reused = 0;
    let total = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const text = randomDocument(r);
      const splitter = new MarkdownBlocks();
      const updates = stream(text, randomCuts(r, text.length, r.pick([1, 4, 12, 40])), splitter);
      const streamed = updates.at(-1) as Block[];
      const finished = splitter.finish(text);
      const oneShot = parseBlocks(text);
      expect(finished.map(shape), `seed ${seed}: ${JSON.stringify(text)}`).toEqual(oneShot.map(shape));

      // Blocks committed while streaming are final: the one-shot parse has them too.
      const final = new Map(oneShot.map((b) => [b.start, b.raw]));
      for (const blocks of updates) {
        for (const block of blocks) {
          if (!block.open) expect(final.get(block.start), `seed ${seed} at ${block.start}`).toBe(block.raw);
        }
      }
      // Finishing keeps the streamed objects of unchanged blocks.
      const kept = new Set(streamed);
      reused += finished.filter((b) => kept.has(b)).length;
      total += finished.length;
    }
    // Only the last block (open while streaming) and blocks whose references changed are new.
    expect(reused / total).toBeGreaterThan(0.7);
  });

  it('for documents that end in an unclosed fence or a growing table', () => {
    for (const text of [
      'Text\n\n```js\nlet a = 1;\n\nlet b = 2;',
      '| a | b |\n|---|---|\n| 1 | 2 |\n| 3',
      '[x]: https://example.com\n\n[x] and [y]\n\n[y]: https://example.org',
      '- a\n\n  - b\n\n    c\n\nd',
    ]) {
      const splitter = new MarkdownBlocks();
      for (let at = 1; at <= text.length; at++) splitter.update(text.slice(0, at));
      expect(splitter.finish(text).map(shape)).toEqual(parseBlocks(text).map(shape));
    }
  });

  it('finish returns the same array for the same text', () => {
    const splitter = new MarkdownBlocks();
    expect(splitter.finish('a\n\nb')).toBe(splitter.finish('a\n\nb'));
  });
});

describe('plain-text fallback', () => {
  it('shows a block over the size limit as plain text, and stops lexing the rest of the stream', () => {
    const splitter = new MarkdownBlocks({ maxBlockChars: 1000 });
    let text = 'Intro.\n\n';
    for (let i = 0; i < 300; i++) {
      text += `word${i} `;
      splitter.update(text);
    }
    const lexed = splitter.stats.lexedChars;
    const blocks = splitter.update(`${text}more`);
    expect(types(blocks)).toEqual(['paragraph', 'fallback:size']);
    expect(blocks[1]?.raw).toBe(`${text.slice(8)}more`);
    expect(splitter.stats.lexedChars).toBe(lexed);
    expect(types(splitter.finish(`${text}\n\nAfter.`))).toEqual(['paragraph', 'fallback:size', 'paragraph']);
  });

  it('keeps code blocks of any size', () => {
    const code = '```\n' + 'x\n'.repeat(5000) + '```';
    expect(types(parseBlocks(code, { maxBlockChars: 1000 }))).toEqual(['code']);
  });

  it('shows nesting deeper than the limit as plain text', () => {
    const deep = `${'> '.repeat(30)}deep\n\nAfter.`;
    expect(types(parseBlocks(deep))).toEqual(['fallback:depth', 'paragraph']);
    expect(types(parseBlocks('> > > fine'))).toEqual(['blockquote']);
  });

  it('shows everything as plain text when the lexer throws', () => {
    vi.spyOn(Lexer.prototype, 'lex').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(types(parseBlocks('# a\n\nb'))).toEqual(['fallback:error']);
    const splitter = new MarkdownBlocks();
    expect(types(splitter.update('# a'))).toEqual(['fallback:error']);
  });

  it('switches to plain text when lexing keeps going over the time budget', () => {
    let clock = 0;
    const slow = { now: () => (clock += 100) };
    const splitter = new MarkdownBlocks({ ...slow, lexBudgetMs: 50, slowLexes: 2 });
    expect(types(splitter.update('# a'))).toEqual(['heading']);
    expect(types(splitter.update('# a\n\nb'))).toEqual(['fallback:time']);
    expect(types(splitter.update('# a\n\nb and more'))).toEqual(['fallback:time']);
    expect(types(parseBlocks('# a', { ...slow, finalBudgetMs: 50 }))).toEqual(['fallback:time']);
  });
});

describe('cost', () => {
  it('lexes a long answer streamed word by word in time linear in its length', () => {
    const r = rng(7);
    let text = '';
    while (text.length < 100_000) text += `${randomDocument(r, 4).replace(/```js\nstill open at the end\n$/, '')}\n\n`;
    const words = text.split(/(?<= )/);
    const splitter = new MarkdownBlocks();
    let prefix = '';
    for (const word of words) splitter.update((prefix += word));
    // Each update re-lexes only the open block: a small multiple of the text, not its square.
    expect(splitter.stats.lexedChars).toBeLessThan(text.length * 60);
  });
});
