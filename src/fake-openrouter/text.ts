/**
 * Prompt token counts and deterministic completion text. A "token" here is one word with its
 * leading space, so one streamed chunk carries one token, as real streams roughly do.
 */
import { codeTokens, markdownTokens, type AnswerFormat } from './markdown';
import { seededRandom } from './random';

/** The text of a message's content: a string, or the text parts of a content array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      const p = part as { type?: unknown; text?: unknown };
      return p && p.type === 'text' && typeof p.text === 'string' ? p.text : '';
    })
    .join('\n');
}

export interface Message {
  role?: unknown;
  content?: unknown;
}

/** About four characters of message text per token; at least one. */
export function countPromptTokens(messages: Message[]): number {
  const characters = messages.reduce((sum, m) => sum + contentText(m.content).length, 0);
  return Math.max(1, Math.ceil(characters / 4));
}

const answerWords = [
  'the',
  'model',
  'answer',
  'request',
  'router',
  'provider',
  'token',
  'stream',
  'price',
  'cost',
  'simple',
  'quick',
  'local',
  'result',
  'question',
  'context',
  'window',
  'reply',
  'data',
  'clear',
  'good',
  'example',
  'first',
  'next',
  'small',
  'large',
  'fast',
  'steady',
  'useful',
  'careful',
  'and',
  'with',
  'for',
  'from',
  'into',
  'over',
  'about',
  'this',
  'that',
  'each',
  'every',
  'some',
  'can',
  'will',
  'should',
  'might',
  'shows',
  'keeps',
  'makes',
  'gives',
  'reads',
  'writes',
  'sends',
  'returns',
  'counts',
  'checks',
  'helps',
  'explains',
  'compares',
  'builds',
  'uses',
  'finds',
  'ledger',
  'budget',
  'usage',
  'credit',
  'generation',
  'chunk',
  'message',
  'summary',
  'detail',
  'today',
  'again',
  'here',
  'there',
  'well',
  'also',
  'often',
  'always',
  'rarely',
  'soon',
];

const reasoningWords = [
  'the',
  'user',
  'asks',
  'wants',
  'needs',
  'so',
  'I',
  'should',
  'consider',
  'check',
  'first',
  'then',
  'maybe',
  'perhaps',
  'because',
  'which',
  'means',
  'option',
  'approach',
  'answer',
  'question',
  'detail',
  'step',
  'plan',
  'think',
  'note',
  'recall',
  'compare',
  'explain',
  'keep',
  'short',
  'clear',
  'carefully',
  'now',
  'next',
  'finally',
  'it',
  'this',
  'that',
  'with',
  'and',
];

/**
 * `count` tokens of plausible text, the same for the same seed. Sentences end with a period and
 * the next one starts with a capital letter. An answer can instead be Markdown or one long
 * code block ([[fake:format=…]]).
 */
export function generateTokens(
  seed: string,
  count: number,
  kind: 'answer' | 'reasoning',
  format?: AnswerFormat,
): string[] {
  if (kind === 'answer' && format === 'markdown') return markdownTokens(seed, count);
  if (kind === 'answer' && format === 'code') return codeTokens(seed, count);
  const random = seededRandom(`${kind}:${seed}`);
  const words = kind === 'answer' ? answerWords : reasoningWords;
  const tokens: string[] = [];
  let sentenceLength = 0;
  let sentenceTarget = random.int(6, 14);
  for (let i = 0; i < count; i++) {
    let word = random.pick(words);
    if (sentenceLength === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentenceLength++;
    const last = i === count - 1;
    if (last || sentenceLength >= sentenceTarget) {
      word += '.';
      sentenceLength = 0;
      sentenceTarget = random.int(6, 14);
    } else if (sentenceLength > 2 && random.chance(0.08)) {
      word += ',';
    }
    tokens.push(i === 0 ? word : ` ${word}`);
  }
  return tokens;
}
