/**
 * Automatic conversation titles: after a conversation's first answer, one short request to the
 * title model (Settings, a cheap one by default) names it from that exchange. A title the user
 * gave is never replaced, and a failure only goes to the log: the chat itself is unaffected.
 */
import type { StoredMessage } from '@shared/conversations';
import type { ChatMessage, ChatParams, ModelSummary } from '@shared/schemas';
import type { ConversationStore } from '../conversations/conversation-store';
import type { Logger } from '../rpc';
import type { ChatService } from './chat-service';
import type { Publish } from './costs';
import { findModel } from './costs';

/** The most of each side of the exchange the title model reads: a title needs the gist only. */
export const TITLE_EXCERPT_CHARS = 1500;
export const TITLE_MAX_WORDS = 6;

const INSTRUCTIONS =
  'You name chat conversations. Reply with a title of at most six words that says what the conversation below is about. ' +
  'Write it in the language of the conversation. Reply with the title only: no quotes, no full stop, no explanation.';

function excerpt(text: string): string {
  const clean = text.trim();
  return clean.length > TITLE_EXCERPT_CHARS ? `${clean.slice(0, TITLE_EXCERPT_CHARS)}…` : clean;
}

/** The title request's messages: the instructions, then the exchange (both cut short). */
export function titleMessages(question: string, answer: string): ChatMessage[] {
  return [
    { role: 'system', content: INSTRUCTIONS },
    {
      role: 'user',
      content: `<conversation>\nUser: ${excerpt(question)}\n\nAssistant: ${excerpt(answer)}\n</conversation>\n\nTitle:`,
    },
  ];
}

/**
 * Keeps the title request cheap: a cap on the answer, and the least reasoning the model offers
 * (gpt-5-nano, the default, always reasons). Reasoning needs room, hence a cap well above a title.
 */
export function titleParams(model: ModelSummary | null): ChatParams {
  const efforts = model?.reasoning?.supportedEfforts ?? [];
  const least = (['minimal', 'low'] as const).find((e) => efforts.includes(e));
  return least ? { max_tokens: 1000, reasoning: { effort: least } } : { max_tokens: 1000 };
}

/**
 * The title out of what the model wrote: its first line, without a "Title:" label, quotes,
 * markdown or a closing full stop, at most six words. '' when nothing usable is left.
 */
export function cleanTitle(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  const unlabelled = line.replace(/^(#+\s*)?(\*\*)?title(\*\*)?\s*[:\-–]\s*/i, '');
  const bare = unlabelled
    .replace(/[*_`#]/g, '')
    .replace(/^["'“”‘’«»\s]+|["'“”‘’«»\s]+$/g, '')
    .replace(/\s+/g, ' ');
  const words = bare.split(' ').filter((w) => w !== '');
  return words
    .slice(0, TITLE_MAX_WORDS)
    .join(' ')
    .replace(/[.,;:!?…\s]+$/u, '')
    .trim();
}

export interface TitleWriterDeps {
  conversations: ConversationStore;
  chat: () => Pick<ChatService, 'complete'>;
  /** The title model from Settings; '' = no automatic titles. */
  titleModel: () => string;
  models: () => Promise<readonly ModelSummary[]>;
  publish: Publish;
  log?: Logger;
}

export class TitleWriter {
  private readonly writing = new Set<number>();
  private closed = false;

  constructor(private readonly deps: TitleWriterDeps) {}

  /** Called when an answer ended; titles the conversation if this was its first one. */
  afterAnswer(answer: StoredMessage): void {
    if (this.closed || answer.role !== 'assistant' || answer.status !== 'done') return;
    const model = this.deps.titleModel().trim();
    const { conversationId } = answer;
    if (!model || this.writing.has(conversationId)) return;
    const summary = this.deps.conversations.summary(conversationId);
    if (!summary || summary.titleSource !== 'none') return;
    const { messages } = this.deps.conversations.get(conversationId);
    const answered = messages.filter((m) => m.role === 'assistant' && m.status === 'done');
    if (answered.length !== 1 || answered[0]?.id !== answer.id) return;
    const question = messages.find((m) => m.id === answer.parentId);
    if (!question) return;

    this.writing.add(conversationId);
    this.write(conversationId, model, question.content, answer.content)
      .catch((e: unknown) => {
        const code = (e as { code?: unknown }).code;
        if (this.closed || code === 'interrupted') return;
        this.deps.log?.(
          'warn',
          `titles: conversation ${conversationId} keeps its untitled name: ${e instanceof Error ? e.message : String(e)}`,
        );
      })
      .finally(() => this.writing.delete(conversationId));
  }

  /** Writes nothing from now on: the database is about to close. */
  shutdown(): void {
    this.closed = true;
  }

  private async write(conversationId: number, model: string, question: string, answer: string): Promise<void> {
    // Without a catalog the request still goes, only without the reasoning setting.
    const models = await this.deps.models().catch(() => []);
    if (this.closed) return;
    const text = await this.deps.chat().complete({
      model,
      messages: titleMessages(question, answer),
      params: titleParams(findModel(models, model)),
      origin: 'title',
      conversationId,
    });
    if (this.closed) return;
    const title = cleanTitle(text);
    if (!title) {
      this.deps.log?.('warn', `titles: ${model} answered without a usable title for conversation ${conversationId}`);
      return;
    }
    const summary = this.deps.conversations.setAutoTitle(conversationId, title);
    if (summary) this.deps.publish('conversations.changed', { conversationId, summary });
  }
}
