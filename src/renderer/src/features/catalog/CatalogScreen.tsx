import { ScreenTitle } from '../../app/ScreenTitle';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { formatPricePerMillion, formatTokens } from '@shared/format';
import type { ModelSummary } from '@shared/schemas';
import { ErrorAlert, Notice } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Busy } from '../../components/Spinner';
import { formatLocalDate, formatLocalDateTime } from '../../lib/time';
import { useCatalog } from '../../api/catalog';
import {
  defaultSort,
  filterRows,
  nextSort,
  sortRows,
  toRows,
  type CatalogRow,
  type Sort,
  type SortKey,
} from './catalogView';

/** `className` marks columns a narrow window hides (see the stylesheet's breakpoints). */
const columns: Array<{ key: SortKey; label: string; numeric: boolean; className?: string }> = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'context', label: 'Context', numeric: true },
  { key: 'input', label: 'Input $/M', numeric: true },
  { key: 'output', label: 'Output $/M', numeric: true },
  { key: 'created', label: 'Created', numeric: true, className: 'col-created' },
];

export function CatalogScreen({ onChat }: { onChat: (modelId: string) => void }) {
  const { result, loading, error, refresh } = useCatalog();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>(defaultSort);
  // Typing stays instant; the table catches up in a lower-priority render.
  const deferredQuery = useDeferredValue(query);

  const rows = useMemo(() => toRows(result?.models ?? []), [result]);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const visible = useMemo(() => filterRows(sorted, deferredQuery), [sorted, deferredQuery]);
  const firstLoad = loading && !result;

  return (
    <div className="screen screen-fill">
      <header className="screen-header">
        <ScreenTitle>Catalog</ScreenTitle>
        <div className="toolbar">
          {result ? (
            <span className="muted small">
              {result.source === 'network' ? 'Fetched' : 'Snapshot from'} {formatLocalDateTime(result.fetchedAt)}
            </span>
          ) : null}
          <button type="button" className="button" onClick={refresh} disabled={loading}>
            <Icon name="refresh" size={14} />
            Refresh catalog
          </button>
        </div>
      </header>

      {error ? <ErrorAlert message={error} /> : null}
      {result?.source === 'cache' && result.staleReason ? (
        <Notice tone="warning">{`Showing the last saved catalog. ${result.staleReason}`}</Notice>
      ) : null}

      <div className="catalog-controls">
        <label className="search-field">
          <Icon name="search" size={14} />
          <span className="visually-hidden">Search models</span>
          <input
            type="search"
            placeholder="Search by name or id"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <span className="muted small tabular" aria-live="polite">
          {visible.length} of {rows.length} models
        </span>
        {loading && result ? <Busy label="Refreshing…" /> : null}
      </div>

      {result || loading ? (
        <div className="table-wrap" aria-busy={loading}>
          <table className="data-table catalog-table" aria-label="Models">
            <thead>
              <tr>
                {columns.map((column) => {
                  const active = sort.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={active ? sort.direction : undefined}
                      className={[column.numeric ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined}
                    >
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => setSort((current) => nextSort(current, column.key))}
                      >
                        {column.numeric ? null : column.label}
                        <span className="sort-mark" aria-hidden="true">
                          {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                        </span>
                        {column.numeric ? column.label : null}
                      </button>
                    </th>
                  );
                })}
                <th scope="col" className="col-modalities">
                  Input
                </th>
                <th scope="col" className="actions-cell">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => (
                <ModelRow key={row.model.id} row={row} onChat={onChat} />
              ))}
            </tbody>
          </table>
          {firstLoad ? (
            <div className="table-empty">
              <Busy label="Loading models…" />
            </div>
          ) : null}
          {!loading && result && visible.length === 0 ? (
            <p className="table-empty muted">
              {rows.length === 0 ? 'The catalog is empty.' : `No model matches “${query.trim()}”.`}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const ModelRow = memo(function ModelRow({ row, onChat }: { row: CatalogRow; onChat: (modelId: string) => void }) {
  const { model } = row;
  const { pricing } = model;
  return (
    <tr>
      <td>
        <div className="model-cell">
          <span className="model-name">{model.name}</span>
          <span className="model-id mono">{model.id}</span>
        </div>
      </td>
      <td className="num">{model.contextLength === null ? '—' : formatTokens(model.contextLength)}</td>
      <td className="num">{formatPricePerMillion(pricing.prompt, pricing.variable)}</td>
      <td className="num">{formatPricePerMillion(pricing.completion, pricing.variable)}</td>
      <td className="num nowrap col-created">{model.created > 0 ? formatLocalDate(createdMs(model.created)) : '—'}</td>
      <td className="col-modalities">
        <Modalities list={model.inputModalities} />
      </td>
      <td className="actions-cell">
        <button
          type="button"
          className="button button-small"
          aria-label={`Chat with ${model.name}`}
          onClick={() => onChat(model.id)}
        >
          Chat
        </button>
      </td>
    </tr>
  );
});

/** OpenRouter dates models in Unix seconds; accept milliseconds too in case the core converts. */
function createdMs(created: number): number {
  return created < 1e12 ? created * 1000 : created;
}

function Modalities({ list }: { list: ModelSummary['inputModalities'] }) {
  return (
    <span className="chips">
      {list.map((modality) => (
        <span key={modality} className="chip">
          {modality}
        </span>
      ))}
    </span>
  );
}
