/**
 * One query cache over the contract: a query per [call name, input], and one table saying which
 * core events change which cached answers. Events carry what changed, so the cache is updated
 * from the event itself where it can be, and re-asked only where it cannot.
 */
import { QueryClient, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '@shared/contract';
import type { Conversation, ConversationSummary, StoredMessage } from '@shared/conversations';
import { useApi } from './ApiContext';
import type { RendererApi } from './types';

/** The cache key of one call with one input ({} and undefined are the same input). */
export function callKey<K extends CallName>(name: K, input?: CallInput<K>): QueryKey {
  return input === undefined ? [name, {}] : [name, input];
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The core is local: answers are cheap, and events say when they change.
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}

/** A cached call; re-asked only when an event in `eventEffects` says its answer changed. */
export function useCall<K extends CallName>(
  name: K,
  input?: CallInput<K>,
  options: Omit<UseQueryOptions<CallOutput<K>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  const api = useApi();
  return useQuery<CallOutput<K>, Error>({
    queryKey: callKey(name, input),
    queryFn: () => api.call(name, input),
    ...options,
  });
}

/** Inserts or replaces one summary in a cached list, keeping the core's order rules. */
export function upsertSummary(list: ConversationSummary[], summary: ConversationSummary): ConversationSummary[] {
  const rest = list.filter((c) => c.id !== summary.id);
  const next = [...rest, summary];
  return next.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || b.id - a.id);
}

export function upsertMessage(conversation: Conversation, message: StoredMessage): Conversation {
  const i = conversation.messages.findIndex((m) => m.id === message.id);
  const messages =
    i === -1
      ? [...conversation.messages, message]
      : conversation.messages.map((m) => (m.id === message.id ? message : m));
  return { ...conversation, messages };
}

type Effect<E extends EventName> = (client: QueryClient, payload: EventPayload<E>) => void;

const invalidate = (client: QueryClient, ...names: CallName[]) => {
  for (const name of names) void client.invalidateQueries({ queryKey: [name] });
};

/** What each core event does to the cache. Every event the cache cares about is listed here. */
export const eventEffects: { [E in EventName]?: Effect<E> } = {
  'chat.done': (client) => invalidate(client, 'ledger.summary', 'ledger.list', 'ledger.spendByDay', 'account.get'),
  'chat.error': (client) => invalidate(client, 'ledger.summary', 'ledger.list', 'ledger.spendByDay', 'account.get'),
  'ledger.changed': (client, { entry }) => {
    client.setQueryData(callKey('ledger.get', { id: entry.id }), entry);
    invalidate(client, 'ledger.summary', 'ledger.list', 'ledger.spendByDay', 'account.get');
  },
  'conversations.changed': (client, { conversationId, summary }) => {
    for (const archived of [false, true]) {
      client.setQueryData<ConversationSummary[]>(callKey('conversations.list', { archived }), (list) => {
        if (!list) return list;
        const without = list.filter((c) => c.id !== conversationId);
        return summary && summary.archived === archived ? upsertSummary(without, summary) : without;
      });
    }
    client.setQueryData<Conversation>(callKey('conversations.get', { id: conversationId }), (conversation) =>
      conversation && summary ? { ...conversation, ...summary } : conversation,
    );
    // Search results may name the conversation's old title or its new messages.
    invalidate(client, 'conversations.search');
  },
  'message.changed': (client, { message }) => {
    client.setQueryData<Conversation>(callKey('conversations.get', { id: message.conversationId }), (conversation) =>
      conversation ? upsertMessage(conversation, message) : conversation,
    );
  },
};

/** Applies `eventEffects` for as long as the returned function is not called. */
export function connectEvents(api: RendererApi, client: QueryClient): () => void {
  const offs = (Object.keys(eventEffects) as EventName[]).map((name) =>
    api.on(name, (payload) => (eventEffects[name] as Effect<typeof name>)(client, payload as never)),
  );
  return () => {
    for (const off of offs) off();
  };
}
