import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { formatUsd } from '@shared/format';
import type { AccountInfo } from '@shared/schemas';
import { errorMessage } from '../../api';
import { usePausedReason } from '../../api/ApiContext';
import { useCall } from '../../api/queries';
import { ErrorAlert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Busy } from '../../components/Spinner';
import { formatLocalDateTime } from '../../lib/time';

// Balances keep fractions of a cent ("$9.99898", not "$10.00"), so spending is visible at once.
const usd = formatUsd;
const money = (n: number | null) => (n === null ? '—' : usd(n));

function limitText(key: AccountInfo['key']): string {
  if (key.limit === null) return 'No limit';
  const reset = key.limitReset ? `, resets ${key.limitReset}` : '';
  const remaining = key.limitRemaining === null ? '' : ` · ${usd(key.limitRemaining)} remaining`;
  return `${usd(key.limit)}${remaining}${reset}`;
}

/** OpenRouter has deprecated this field; -1 (or 0) means no cap. */
function rateLimitText(rateLimit: AccountInfo['key']['rateLimit']): string {
  if (!rateLimit) return '—';
  if (rateLimit.requests <= 0) return 'No limit';
  return `${rateLimit.requests} requests per ${rateLimit.interval}`;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * What OpenRouter says about the key: limit, usage, credits. Kept current without a click:
 * it refreshes after each finished request (and when its billed cost lands in the ledger), and
 * when the base URL in use changes, since that may be a different OpenRouter altogether.
 */
export function AccountSection({ baseUrl }: { baseUrl: string | null }) {
  const query = useCall('account.get');
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const account = {
    data: query.data ?? null,
    loading: query.isFetching,
    error: query.error ? errorMessage(query.error) : null,
    reload,
  };
  const data = account.data;
  const paused = usePausedReason('change');

  // The first known base URL is the one this panel loaded with; only a change reloads it.
  const loadedFor = useRef(baseUrl);
  useEffect(() => {
    if (baseUrl === null || baseUrl === loadedFor.current) return;
    const first = loadedFor.current === null;
    loadedFor.current = baseUrl;
    if (!first) reload();
  }, [baseUrl, reload]);

  return (
    <section className="panel" aria-labelledby="account-heading">
      <div className="panel-header">
        <h2 id="account-heading">Account</h2>
        <div className="toolbar">
          {data ? <span className="muted small">Updated {formatLocalDateTime(data.fetchedAt)}</span> : null}
          <button type="button" className="button" onClick={reload} disabled={account.loading || paused !== null}>
            <Icon name="refresh" size={14} />
            Refresh
          </button>
        </div>
      </div>
      {account.error ? <ErrorAlert message={account.error} /> : null}
      {!data && account.loading ? <Busy label="Asking OpenRouter…" /> : null}
      {data ? (
        <dl className="facts tabular">
          <Fact term="Key label">{data.key.label ?? '—'}</Fact>
          <Fact term="Limit">{limitText(data.key)}</Fact>
          <Fact term="Usage today">{money(data.key.usageDaily)}</Fact>
          <Fact term="Usage this week">{money(data.key.usageWeekly)}</Fact>
          <Fact term="Usage this month">{money(data.key.usageMonthly)}</Fact>
          <Fact term="Usage all time">{money(data.key.usage)}</Fact>
          <Fact term="Free tier">{data.key.isFreeTier === null ? '—' : data.key.isFreeTier ? 'Yes' : 'No'}</Fact>
          <Fact term="Rate limit">{rateLimitText(data.key.rateLimit)}</Fact>
          <Fact term="Credits balance">
            {data.credits ? (
              <>
                {usd(data.credits.totalCredits - data.credits.totalUsage)}
                <span className="muted">
                  {' '}
                  ({usd(data.credits.totalUsage)} used of {usd(data.credits.totalCredits)})
                </span>
              </>
            ) : (
              <span className="muted">{data.creditsNote ?? 'Not available'}</span>
            )}
          </Fact>
          {data.key.expiresAt ? <Fact term="Key expires">{data.key.expiresAt}</Fact> : null}
        </dl>
      ) : null}
    </section>
  );
}
