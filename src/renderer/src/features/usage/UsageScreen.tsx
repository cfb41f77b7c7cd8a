import { ScreenTitle } from '../../app/ScreenTitle';
import { Fragment, memo, useMemo } from 'react';
import { formatCount, formatDuration, formatUsd } from '@shared/format';
import type { LedgerEntry, LedgerStatus } from '@shared/schemas';
import { errorMessage } from '../../api';
import { useCall } from '../../api/queries';
import { ErrorAlert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Busy } from '../../components/Spinner';
import { formatLocalDayAndTime, localTimeZone } from '../../lib/time';
import { fillDays, todayIn } from './days';
import { SpendChart } from './SpendChart';

const CHART_DAYS = 30;
const statusOrder: LedgerStatus[] = ['ok', 'error', 'cancelled', 'interrupted', 'pending'];

export function UsageScreen() {
  const timeZone = useMemo(() => localTimeZone(), []);
  const summary = useCall('ledger.summary');
  const byDay = useCall('ledger.spendByDay', { days: CHART_DAYS, timeZone });
  const recent = useCall('ledger.list', { limit: 100 });
  // Every chat that ends, and every cost that lands later, refreshes these (api/queries.ts).
  const queries = [summary, byDay, recent];
  const loading = queries.some((q) => q.isFetching);
  const failed = queries.find((q) => q.error)?.error;
  const reload = () => queries.forEach((q) => void q.refetch());
  const usage = {
    loading,
    error: failed ? errorMessage(failed) : null,
    data:
      summary.data && byDay.data && recent.data
        ? {
            summary: summary.data,
            days: fillDays(byDay.data, todayIn(timeZone), CHART_DAYS),
            recent: recent.data,
          }
        : null,
  };

  const data = usage.data;
  const chartTotal = useMemo(() => (data ? data.days.reduce((sum, d) => sum + d.cost, 0) : 0), [data]);

  return (
    <div className="screen">
      <header className="screen-header">
        <ScreenTitle>Usage</ScreenTitle>
        <div className="toolbar">
          {usage.loading && data ? <Busy label="Refreshing…" /> : null}
          <button type="button" className="button" onClick={reload} disabled={usage.loading}>
            <Icon name="refresh" size={14} />
            Refresh
          </button>
        </div>
      </header>

      {usage.error ? <ErrorAlert message={usage.error} /> : null}
      {!data && usage.loading ? <Busy label="Loading usage…" /> : null}

      {data ? (
        <>
          <section className="stat-row" aria-label="Totals">
            <div className="stat">
              <span className="stat-label">Total spend</span>
              <span className="stat-value tabular">{formatUsd(data.summary.totalCost)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Requests</span>
              <span className="stat-value tabular">{formatCount(data.summary.requests)}</span>
            </div>
            <div className="stat stat-wide">
              <span className="stat-label">By status</span>
              <span className="status-counts">
                {statusOrder
                  .filter((s) => (data.summary.byStatus[s] ?? 0) > 0)
                  .map((s) => (
                    <span key={s} className="status-count">
                      <StatusBadge status={s} />
                      <span className="tabular">{formatCount(data.summary.byStatus[s] ?? 0)}</span>
                    </span>
                  ))}
                {data.summary.requests === 0 ? <span className="muted">No requests yet</span> : null}
              </span>
            </div>
          </section>

          <section className="panel">
            <div className="panel-header">
              <h2>Spend per day</h2>
              <span className="muted small tabular">
                Last {CHART_DAYS} days · {formatUsd(chartTotal)}
              </span>
            </div>
            <SpendChart days={data.days} total={chartTotal} />
          </section>

          <section className="panel panel-flush">
            <div className="panel-header">
              <h2>Recent requests</h2>
              <span className="muted small">Newest first · times in your time zone</span>
            </div>
            <div className="table-wrap">
              <table className="data-table ledger-table" aria-label="Recent requests">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Model</th>
                    <th scope="col" className="col-provider">
                      Provider
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num tokens-head">
                      Tokens in / out
                    </th>
                    <th scope="col" className="num">
                      Cost
                    </th>
                    <th scope="col" className="num col-ttft">
                      TTFT
                    </th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {data.recent.map((entry) => (
                    <LedgerRow key={entry.id} entry={entry} />
                  ))}
                </tbody>
              </table>
              {data.recent.length === 0 ? (
                <p className="table-empty muted">Requests you send from the Playground show up here.</p>
              ) : null}
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}

const statusLabels: Record<LedgerStatus, string> = {
  ok: 'ok',
  error: 'error',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  pending: 'pending',
};

function StatusBadge({ status }: { status: string }) {
  const known = status in statusLabels;
  return (
    <span className={`badge badge-${known ? status : 'pending'}`}>
      {known ? statusLabels[status as LedgerStatus] : status}
    </span>
  );
}

const dash = '—';

const LedgerRow = memo(function LedgerRow({ entry }: { entry: LedgerEntry }) {
  const rerouted = entry.modelUsed !== null && entry.modelUsed !== entry.modelRequested;
  const [day, time] = formatLocalDayAndTime(entry.startedAt);
  const tokens =
    entry.promptTokens === null && entry.completionTokens === null
      ? dash
      : `${entry.promptTokens === null ? '?' : formatCount(entry.promptTokens)} / ${
          entry.completionTokens === null ? '?' : formatCount(entry.completionTokens)
        }`;
  return (
    <tr>
      <td className="time-cell tabular" title={new Date(entry.startedAt).toString()}>
        <span className="nowrap">{day},</span> <span className="nowrap">{time}</span>
      </td>
      <td className="mono small">
        <div className="model-pair">
          <span>
            <ModelId id={entry.modelRequested} />
          </span>
          {rerouted ? (
            <span className="rerouted" title="The model that answered">
              <span aria-hidden="true">→ </span>
              <span className="visually-hidden">answered by </span>
              <ModelId id={entry.modelUsed!} />
            </span>
          ) : null}
          {/* Shown here when a narrow window hides the Provider column. */}
          {entry.provider ? <span className="provider-inline">via {entry.provider}</span> : null}
        </div>
      </td>
      <td className="col-provider">{entry.provider ?? dash}</td>
      <td>
        <StatusBadge status={entry.status} />
      </td>
      <td className="num">{tokens}</td>
      <td
        className="num"
        title={
          entry.costSource === 'generation'
            ? "Billed cost from OpenRouter's generation record (the stream ended before its usage summary)"
            : entry.cost === null && entry.status !== 'ok'
              ? 'Not reported yet: OpenRouter publishes the billed cost of a stopped request a few seconds later'
              : undefined
        }
      >
        {entry.cost === null ? dash : formatUsd(entry.cost)}
      </td>
      <td className="num col-ttft">{entry.ttftMs === null ? dash : formatDuration(entry.ttftMs)}</td>
      <td className="num">{entry.durationMs === null ? dash : formatDuration(entry.durationMs)}</td>
      <td className={`error-cell ${entry.status === 'error' ? 'is-error' : ''}`}>
        {entry.errorMessage ? <ErrorMessage message={entry.errorMessage} /> : null}
      </td>
    </tr>
  );
});

/**
 * One line, cut short, that opens to the whole message: a <details> works by keyboard (Enter
 * or Space on the summary) and by touch, where a hover title never shows.
 */
function ErrorMessage({ message }: { message: string }) {
  return (
    <details className="error-details">
      <summary>{message}</summary>
    </details>
  );
}

/** A model id that a narrow column may wrap only after its slashes ("openai/" over "gpt-5-mini"). */
function ModelId({ id }: { id: string }) {
  const parts = id.split('/');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          <span className="nowrap">
            {part}
            {i < parts.length - 1 ? '/' : ''}
          </span>
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}
