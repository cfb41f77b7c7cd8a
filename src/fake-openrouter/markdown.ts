/**
 * Deterministic Markdown answers for [[fake:format=markdown]] and [[fake:format=code]], to
 * exercise a streaming Markdown renderer. As elsewhere in the fake, a "token" is one word or
 * piece of markup with the whitespace before it, so joining the tokens gives the text back.
 */
import { seededRandom, type Random } from './random';

export type AnswerFormat = 'markdown' | 'code';

const words = [
  'request',
  'router',
  'provider',
  'token',
  'stream',
  'price',
  'model',
  'context',
  'window',
  'ledger',
  'budget',
  'usage',
  'credit',
  'chunk',
  'message',
  'summary',
  'latency',
  'cache',
  'prompt',
  'answer',
  'limit',
  'quota',
  'retry',
  'fallback',
  'cost',
  'result',
  'detail',
  'example',
  'simple',
  'quick',
  'local',
  'steady',
  'useful',
  'careful',
  'large',
  'small',
];
const glue = ['the', 'a', 'each', 'every', 'with', 'for', 'from', 'into', 'and', 'or', 'then', 'so'];
const verbs = ['keeps', 'sends', 'reads', 'returns', 'counts', 'checks', 'compares', 'builds', 'uses', 'shows'];

/** Splits text into tokens: each is the whitespace before a word, then the word. */
function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function phrase(random: Random, min: number, max: number): string {
  return Array.from({ length: random.int(min, max) }, () => random.pick(words)).join(' ');
}

function identifier(random: Random): string {
  return `${random.pick(words)}${capitalize(random.pick(words))}`;
}

/** A sentence with some inline markup: bold, italic, inline code, a link. */
function sentence(random: Random): string {
  const parts: string[] = [capitalize(random.pick(words))];
  const length = random.int(6, 14);
  for (let i = 1; i < length; i++) {
    const roll = random.next();
    if (roll < 0.07) parts.push(`**${phrase(random, 1, 2)}**`);
    else if (roll < 0.13) parts.push(`*${random.pick(words)}*`);
    else if (roll < 0.19) parts.push(`\`${identifier(random)}()\``);
    else if (roll < 0.23) parts.push(`[${phrase(random, 1, 3)}](https://example.com/${random.pick(words)})`);
    else if (roll < 0.45) parts.push(random.pick(glue));
    else if (roll < 0.55) parts.push(random.pick(verbs));
    else parts.push(random.pick(words));
  }
  return `${parts.join(' ')}.`;
}

function paragraph(random: Random): string {
  return Array.from({ length: random.int(2, 4) }, () => sentence(random)).join(' ');
}

function bulletList(random: Random): string {
  const items = Array.from({ length: random.int(3, 5) }, () => `- ${sentence(random)}`);
  if (random.chance(0.5)) items.splice(1, 0, `  - ${sentence(random)}`);
  return items.join('\n');
}

function numberedList(random: Random): string {
  return Array.from({ length: random.int(3, 5) }, (_, i) => `${i + 1}. ${sentence(random)}`).join('\n');
}

function taskList(random: Random): string {
  return Array.from(
    { length: random.int(3, 5) },
    () => `- [${random.chance(0.4) ? 'x' : ' '}] ${capitalize(phrase(random, 2, 5))}`,
  ).join('\n');
}

function table(random: Random): string {
  const rows = Array.from({ length: random.int(2, 5) }, () => {
    const price = (random.int(1, 3000) / 100).toFixed(2);
    return `| \`${identifier(random)}\` | ${capitalize(phrase(random, 1, 3))} | $${price} |`;
  });
  return ['| Name | Description | Price |', '|:-----|:------------|------:|', ...rows].join('\n');
}

function quote(random: Random): string {
  return Array.from({ length: random.int(1, 2) }, () => `> ${sentence(random)}`).join('\n');
}

const codeLanguages = ['typescript', 'python', 'bash', 'json', 'go', 'sql'] as const;
type CodeLanguage = (typeof codeLanguages)[number];

/** One line of plausible code (it need not compile); `depth` is the indentation level. */
function codeLine(random: Random, language: CodeLanguage, depth: number): string {
  const indent = (language === 'go' ? '\t' : language === 'python' ? '    ' : '  ').repeat(depth);
  const name = identifier(random);
  const other = identifier(random);
  const n = random.int(0, 999);
  const word = random.pick(words);
  switch (language) {
    case 'typescript':
      return `${indent}${random.pick([
        `const ${name} = ${other}(${n}, '${word}');`,
        `// ${capitalize(phrase(random, 3, 7))}.`,
        `if (${name} > ${n}) return ${other};`,
        `export function ${name}(${word}: string): number { return ${word}.length * ${n}; }`,
        `await ${other}.send({ ${word}: ${n}, ok: true });`,
      ])}`;
    case 'python':
      return `${indent}${random.pick([
        `${name.toLowerCase()} = ${other.toLowerCase()}(${n}, "${word}")`,
        `# ${capitalize(phrase(random, 3, 7))}.`,
        `if ${name.toLowerCase()} > ${n}: return None`,
        `print(f"{${word}!r} costs {${n} / 100:.2f}")`,
        `for ${word} in range(${n}): total += ${word}`,
      ])}`;
    case 'bash':
      return random.pick([
        `curl -s "https://example.com/${word}?n=${n}" | jq '.${word}'`,
        `# ${capitalize(phrase(random, 3, 7))}`,
        `export ${word.toUpperCase()}_LIMIT=${n}`,
        `echo "${word} done" >> "$HOME/${word}.log"`,
      ]);
    case 'json':
      return `${indent}"${name}": ${random.pick([String(n), `"${word}"`, 'true', 'null'])},`;
    case 'go':
      return `${indent}${random.pick([
        `${name} := ${other}(${n}, "${word}")`,
        `// ${capitalize(phrase(random, 3, 7))}.`,
        `if err != nil { return fmt.Errorf("${word}: %w", err) }`,
        `fmt.Printf("%s costs %d\\n", ${name}, ${n})`,
      ])}`;
    case 'sql':
      return random.pick([
        `SELECT ${word}, count(*) FROM ${other.toLowerCase()} WHERE cost > ${n} GROUP BY ${word};`,
        `-- ${capitalize(phrase(random, 3, 7))}`,
        `UPDATE ${word} SET credit = credit - ${n} WHERE id = ${random.int(1, 99)};`,
      ]);
  }
}

function codeBody(random: Random, language: CodeLanguage, lines: number): string {
  const out: string[] = [];
  if (language === 'json') {
    out.push('{');
    for (let i = 0; i < lines; i++) out.push(codeLine(random, language, 1));
    out.push(`  "end": true`, '}');
    return out.join('\n');
  }
  let depth = 0;
  for (let i = 0; i < lines; i++) {
    if (random.chance(0.08)) out.push('');
    out.push(codeLine(random, language, depth));
    if (language !== 'bash' && language !== 'sql') depth = Math.max(0, Math.min(3, depth + random.int(-1, 1)));
  }
  return out.join('\n');
}

function codeBlock(random: Random): string {
  const language = random.pick(codeLanguages);
  const fence = random.chance(0.2) ? '~~~' : '```';
  return `${fence}${language}\n${codeBody(random, language, random.int(3, 10))}\n${fence}`;
}

const sections = [paragraph, bulletList, paragraph, numberedList, table, paragraph, codeBlock, quote, taskList];

/**
 * `count` tokens of GitHub-flavoured Markdown: a title, then sections with headings,
 * paragraphs, lists, a task list, tables, quotes and fenced code in several languages. Every
 * block is complete; the last paragraph is padded or cut to land exactly on `count`.
 */
export function markdownTokens(seed: string, count: number): string[] {
  const random = seededRandom(`markdown:${seed}`);
  const tokens: string[] = [];
  const add = (block: string): boolean => {
    const next = tokenize(tokens.length === 0 ? block : `\n\n${block}`);
    if (tokens.length + next.length > count) return false;
    tokens.push(...next);
    return true;
  };
  add(`# ${capitalize(phrase(random, 2, 4))}`);
  for (let i = 0; ; i++) {
    const section = (sections[i % sections.length] as (random: Random) => string)(random);
    // A heading comes with its section, so the answer never ends on a bare heading.
    if (!add(i % 4 === 1 ? `## ${capitalize(phrase(random, 1, 3))}\n\n${section}` : section)) break;
  }
  // Fill the rest with a plain closing paragraph, one word per token.
  for (let i = 0; tokens.length < count; i++) {
    const word = random.pick(i === 0 ? words : [...words, ...glue]);
    const last = tokens.length === count - 1;
    const text = `${i === 0 ? capitalize(word) : word}${last ? '.' : ''}`;
    tokens.push(tokens.length === 0 ? text : i === 0 ? `\n\n${text}` : ` ${text}`);
  }
  return tokens;
}

/** `count` tokens of one long fenced code block that is never closed. */
export function codeTokens(seed: string, count: number): string[] {
  if (count <= 0) return [];
  const random = seededRandom(`code:${seed}`);
  const language = random.pick(['typescript', 'python', 'go'] as const);
  const tokens = [`\`\`\`${language}`];
  let depth = 0;
  while (tokens.length < count) {
    const line = codeLine(random, language, depth);
    depth = Math.max(0, Math.min(3, depth + random.int(-1, 1)));
    const [first, ...rest] = tokenize(line);
    // The newline goes with the line's first word; indentation stays part of that token.
    tokens.push(`\n${first ?? ''}`, ...rest);
  }
  return tokens.slice(0, count);
}
