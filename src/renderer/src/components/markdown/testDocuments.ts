/**
 * Seeded Markdown documents and chunkings for the streaming tests: the constructs whose lexing
 * can differ when a text is split (lists continued after a blank line, growing tables, reference
 * definitions after their use, unclosed fences, lines that only later decide their block).
 */
import { seededRandom, type Random } from '../../../../fake-openrouter/random';

export type Rng = Random;

/** The fake OpenRouter's seeded generator, seeded per test case. */
export function rng(seed: number): Rng {
  return seededRandom(`markdown-test:${seed}`);
}

const inlines = [
  'plain words here',
  '**bold** and *italic* and ***both***',
  'some `inline code` with <b>tags</b>',
  'a [link](https://example.com/a "title") and <https://auto.example.com>',
  'www.example.org and mail@example.com',
  '~~struck~~ text',
  'entities &amp; &copy; &#65; &lt;',
  'a [reference][r1] and [r2] and [missing][nope]',
  'a [bad link](javascript:alert(1)) here',
  'an ![image](https://example.com/i.png) inline',
  'escaped \\*stars\\* and a\\\nhard break',
  '#hashtag at the start',
];

function paragraph(r: Rng): string {
  const lines = r.int(1, 3);
  return Array.from({ length: lines }, () => r.pick(inlines)).join('\n');
}

const pieces: ((r: Rng) => string)[] = [
  (r) => `${'#'.repeat(r.int(1, 6))} Heading ${r.int(1, 99)}`,
  (r) => `Setext ${r.int(1, 9)}\n${r.pick(['===', '---', '=', '-'])}`,
  paragraph,
  (r) => `${paragraph(r)}\n${r.pick(['#', '# Heading', '#tag', '- item', '1. one', '2. two', '> quote', '---'])}`,
  () => '- one\n- two\n- three',
  () => '- loose one\n\n- loose two\n\n\n- after two blanks',
  () => '- item\n\n  continued paragraph\n\n- next item',
  () => '1. first\n2. second\n\n3. third after blank',
  () => '3) start at three\n4) four',
  () => '- a\n  - nested b\n    - nested c\n- d',
  () => '- [ ] todo item\n- [x] done item\n- [X] also done',
  () => '- [ ] loose task\n\n- [x] loose done',
  () => '* star list\n+ plus list\n- dash list',
  (r) => {
    const rows = r.int(0, 4);
    const body = Array.from({ length: rows }, (_, i) => `| ${i} | **b${i}** | \`c\` |`).join('\n');
    return `| left | center | right |\n|:---|:---:|---:|${rows ? `\n${body}` : ''}`;
  },
  () => 'a | b\n--|--\n1 | 2',
  () => '| not | a table |\n|---|',
  () => '> quoted line\n> second line\nlazy continuation',
  () => '> outer\n> > inner\n> > > deepest',
  () => '> - list in quote\n> - more',
  (r) =>
    `\`\`\`${r.pick(['js', 'ts', 'python', 'unknownlang', ''])}\nconst a = 1;\n\nfunction f() {\n  return "\`\`\`";\n}\n\`\`\``,
  () => '~~~bash\necho "hi"\n```\nnot closed by backticks\n~~~',
  () => '````md\n```\nnested fence\n```\n````',
  () => '  ```\n  indented fence\n    more\n  ```',
  () => '    indented code\n\n    more indented code',
  (r) => r.pick(['---', '***', '___', '- - -']),
  () => '[r1]: https://example.com/r1 "Ref one"',
  () => '[r2]: <https://example.com/r2>\n[R1]: https://example.com/duplicate',
  () => '<div>\n<b>html block</b>\n</div>',
  () => '<script>alert(1)</script>',
  () => '<img src=x onerror="alert(1)">',
  () => '<!-- a comment -->',
  () => 'text with trailing spaces  \nnext line',
];

/** A document of `parts` random constructs, some run together without a blank line. */
export function randomDocument(r: Rng, parts = r.int(3, 14)): string {
  let doc = '';
  for (let i = 0; i < parts; i++) {
    if (i > 0) doc += r.pick(['\n\n', '\n\n', '\n\n', '\n', '\n\n\n']);
    doc += r.pick(pieces)(r);
  }
  const ending = r.next();
  if (ending < 0.3) doc += '\n\n```js\nstill open at the end\n';
  else if (ending < 0.5) doc += r.pick(['\n', '\n\n']);
  return doc;
}

/** Prefix lengths at which a stream of `text` in random chunks of 1..maxChunk characters stops. */
export function randomCuts(r: Rng, length: number, maxChunk = 12): number[] {
  const cuts: number[] = [];
  for (let at = 0; at < length;) {
    at = Math.min(length, at + r.int(1, maxChunk));
    cuts.push(at);
  }
  return cuts;
}
