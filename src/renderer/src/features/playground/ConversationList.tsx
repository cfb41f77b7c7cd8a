import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { forwardRef, useDeferredValue, useEffect, useRef, useState } from 'react';
import type { ConversationSummary, SearchHit } from '@shared/conversations';
import { formatUsd } from '@shared/format';
import { errorMessage } from '../../api';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { callKey, useCall } from '../../api/queries';
import { ErrorAlert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Menu } from '../../components/Menu';
import { formatLocalDate } from '../../lib/time';
import { downloadText, readFileText } from './files';
import { snippetParts } from './snippet';

/** How long a deleted conversation can be brought back with Undo. */
const UNDO_MS = 10_000;

/** The sidebar of conversations: new, search, rename, pin, archive, delete with undo, import. */
export const ConversationList = forwardRef<HTMLInputElement, { activeId: number | null }>(function ConversationList(
  { activeId },
  searchRef,
) {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [archived, setArchived] = useState(false);
  const list = useCall('conversations.list', { archived });
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const search = useCall('conversations.search', { query: deferred, limit: 50 }, { enabled: deferred.length > 0 });
  const [renaming, setRenaming] = useState<number | null>(null);
  const [deleted, setDeleted] = useState<ConversationSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const paused = usePausedReason('change');
  const importRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    }
  };

  const update = (id: number, patch: { title?: string; pinned?: boolean; archived?: boolean }) =>
    run(() => api.call('conversations.update', { id, ...patch }));

  const remove = async (c: ConversationSummary) => {
    const done = await run(() => api.call('conversations.delete', { id: c.id }));
    if (!done) return;
    setDeleted(c);
    if (c.id === activeId) void navigate({ to: '/chat' });
  };

  const undo = async () => {
    if (!deleted) return;
    const restored = await run(() => api.call('conversations.restore', { id: deleted.id }));
    if (restored) setDeleted(null);
  };

  const exportAs = async (c: ConversationSummary, format: 'markdown' | 'json') => {
    const file = await run(() => api.call('conversations.export', { id: c.id, format }));
    if (file) downloadText(file.filename, file.content, file.mimeType);
  };

  const importFile = async (file: File) => {
    const content = await run(() => readFileText(file));
    if (content === undefined) return;
    const summary = await run(() => api.call('conversations.import', { content }));
    if (!summary) return;
    client.setQueryData<ConversationSummary[]>(callKey('conversations.list', { archived: false }), (l) =>
      l ? [summary, ...l.filter((x) => x.id !== summary.id)] : l,
    );
    void navigate({ to: '/chat/$conversationId', params: { conversationId: summary.id } });
  };

  const conversations = list.data ?? [];
  const searching = deferred.length > 0;

  return (
    <nav className="conversations" aria-label="Conversations">
      <div className="conversations-header">
        <Link to="/chat" className="button button-primary conversations-new">
          New chat
        </Link>
        <label className="search-field">
          <Icon name="search" size={14} />
          <span className="visually-hidden">Search conversations</span>
          <input
            ref={searchRef}
            type="search"
            placeholder="Search messages"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query) {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
        </label>
      </div>

      {error ? <ErrorAlert message={error} /> : null}
      {list.error ? <ErrorAlert message={errorMessage(list.error)} /> : null}
      {deleted ? (
        <div className="undo-bar" role="status">
          <span>Deleted “{deleted.title || 'Untitled'}”.</span>
          <button type="button" className="button button-small" onClick={() => void undo()}>
            Undo
          </button>
        </div>
      ) : null}

      {searching ? (
        <SearchResults hits={search.data ?? []} loading={search.isFetching} error={search.error} />
      ) : (
        <ul className="conversation-items">
          {conversations.length === 0 && !list.isPending ? (
            <li className="muted small conversations-empty">
              {archived ? 'No archived conversations.' : 'No conversations yet. Your chats are kept here.'}
            </li>
          ) : null}
          {conversations.map((c) => (
            <li key={c.id} className={c.id === activeId ? 'conversation-item is-active' : 'conversation-item'}>
              {renaming === c.id ? (
                <RenameField
                  initial={c.title}
                  onDone={(title) => {
                    setRenaming(null);
                    if (title !== null && title !== c.title) void update(c.id, { title });
                  }}
                />
              ) : (
                <Link
                  to="/chat/$conversationId"
                  params={{ conversationId: c.id }}
                  className="conversation-link"
                  aria-current={c.id === activeId ? 'page' : undefined}
                >
                  <span className="conversation-title">
                    {c.pinned ? (
                      <span className="pin-mark" aria-label="Pinned">
                        ★{' '}
                      </span>
                    ) : null}
                    {c.title || 'Untitled'}
                  </span>
                  <span className="conversation-meta small tabular">
                    {formatLocalDate(c.updatedAt)}
                    {c.totalCost > 0 ? ` · ${formatUsd(c.totalCost)}` : ''}
                  </span>
                </Link>
              )}
              <Menu
                label={`Actions for ${c.title || 'Untitled'}`}
                items={[
                  { label: 'Rename', onSelect: () => setRenaming(c.id), disabled: paused !== null },
                  { label: c.pinned ? 'Unpin' : 'Pin', onSelect: () => void update(c.id, { pinned: !c.pinned }) },
                  {
                    label: c.archived ? 'Unarchive' : 'Archive',
                    onSelect: () => void update(c.id, { archived: !c.archived }),
                  },
                  { label: 'Export as Markdown', onSelect: () => void exportAs(c, 'markdown') },
                  { label: 'Export as JSON', onSelect: () => void exportAs(c, 'json') },
                  { label: 'Delete', danger: true, onSelect: () => void remove(c) },
                ]}
              >
                ⋯
              </Menu>
            </li>
          ))}
        </ul>
      )}

      <div className="conversations-footer">
        <label className="check-field small">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          Show archived
        </label>
        <button type="button" className="button button-small button-quiet" onClick={() => importRef.current?.click()}>
          Import…
        </button>
        <input
          ref={importRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Import a conversation (JSON)"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
    </nav>
  );
});

function RenameField({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.select();
  }, []);
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(value.trim());
      }}
    >
      <label className="visually-hidden" htmlFor="rename-conversation">
        New title
      </label>
      <input
        id="rename-conversation"
        ref={ref}
        value={value}
        maxLength={300}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => onDone(value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone(null);
          }
        }}
      />
    </form>
  );
}

function SearchResults({ hits, loading, error }: { hits: SearchHit[]; loading: boolean; error: Error | null }) {
  if (error) return <ErrorAlert message={errorMessage(error)} />;
  if (hits.length === 0) {
    return <p className="muted small conversations-empty">{loading ? 'Searching…' : 'No messages match.'}</p>;
  }
  return (
    <ul className="conversation-items search-hits" aria-label="Search results">
      {hits.map((hit) => (
        <li key={hit.messageId} className="conversation-item">
          <Link
            to="/chat/$conversationId"
            params={{ conversationId: hit.conversationId }}
            search={{ message: hit.messageId }}
            className="conversation-link"
          >
            <span className="conversation-title">{hit.title || 'Untitled'}</span>
            <span className="hit-snippet small">
              {snippetParts(hit.snippet).map((part, i) =>
                part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
              )}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
