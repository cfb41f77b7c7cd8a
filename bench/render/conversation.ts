/**
 * A stored conversation to open: a RouterDesk JSON export (conversation-files.ts reads it) of
 * `count` messages, user and assistant in turn, with answers like real ones (paragraphs, lists,
 * code, the odd table), about 1.5 KB each. The newest answer ends with `marker`, so the probe can
 * tell when it is on screen.
 */
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../src/main/core/conversations/conversation-files';

const WORDS = (
  'the model answer request router provider token stream price cost quick local result question context ' +
  'window reply data clear example first next small large fast steady useful careful ledger budget usage ' +
  'credit generation chunk message summary detail cache latency retry fallback schema parser queue'
).split(' ');

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]!);
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(next: () => number): string {
  const n = 2 + Math.floor(next() * 4);
  return Array.from({ length: n }, () => sentence(next, 6 + Math.floor(next() * 10))).join(' ');
}

function answer(next: () => number, turn: number): string {
  const parts = [`## Step ${turn}`, paragraph(next)];
  parts.push(
    Array.from(
      { length: 3 + Math.floor(next() * 3) },
      () => `- ${sentence(next, 5)} **${WORDS[turn % WORDS.length]}**`,
    ).join('\n'),
  );
  if (turn % 3 === 0) {
    parts.push(
      '```ts\n' +
        `export async function step${turn}(input: string): Promise<number> {\n` +
        `  const parts = input.split(',').map((p) => p.trim());\n` +
        `  return parts.filter(Boolean).length * ${turn};\n}\n` +
        '```',
    );
  }
  if (turn % 7 === 0) {
    parts.push('| model | price | context |\n| --- | ---: | ---: |\n| a | $0.10 | 128k |\n| b | $0.25 | 200k |');
  }
  parts.push(paragraph(next));
  return parts.join('\n\n');
}

export function conversationExport(opts: {
  count: number;
  title: string;
  model: string;
  marker: string;
  seed: number;
}): string {
  const next = random(opts.seed);
  const start = Date.UTC(2026, 0, 5, 9);
  const messages: Array<Record<string, unknown>> = [];
  for (let i = 0; i < opts.count; i++) {
    const user = i % 2 === 0;
    const turn = (i >> 1) + 1;
    let content = user ? `${sentence(next, 8 + Math.floor(next() * 20))} (question ${turn})` : answer(next, turn);
    if (i === opts.count - 1) content += `\n\nThe last word: ${opts.marker}.`;
    messages.push({
      id: i + 1,
      parentId: i === 0 ? null : i,
      role: user ? 'user' : 'assistant',
      content,
      createdAt: start + i * 30_000,
      ...(user
        ? {}
        : {
            model: opts.model,
            modelUsed: opts.model,
            provider: 'OpenAI',
            status: 'done',
            finishReason: 'stop',
            ttftMs: 420,
            durationMs: 3100,
            usage: {
              promptTokens: 200 + i * 40,
              completionTokens: 380,
              reasoningTokens: null,
              cachedTokens: null,
              cost: 0.00042,
              costSource: 'billed',
            },
          }),
    });
  }
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(start + opts.count * 30_000).toISOString(),
    conversation: {
      title: opts.title,
      titleSource: 'user',
      createdAt: start,
      pinned: false,
      settings: { model: opts.model, params: {}, systemPrompt: '' },
      activeLeafId: opts.count,
      messages,
    },
  });
}
