import type { ReactNode } from 'react';
import { formatUsd } from '../../../../shared/format';
import type { AccountInfo } from '../../../../shared/schemas';
import { useApi } from '../../api/ApiContext';
import { ErrorAlert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Busy } from '../../components/Spinner';
import { formatLocalDateTime } from '../../lib/time';
import { useAsync } from '../../lib/useAsync';

const money = (n: number | null) => (n === null ? '—' : formatUsd(n));

function limitText(key: AccountInfo['key']): string {
  if (key.limit === null) return 'No limit';
  const reset = key.limitReset ? `, resets ${key.limitReset}` : '';
  const remaining = key.limitRemaining === null ? '' : ` · ${formatUsd(key.limitRemaining)} remaining`;
  return `${formatUsd(key.limit)}${remaining}${reset}`;
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

export function AccountSection() {
  const api = useApi();
  const account = useAsync(() => api.call('account.get'));
  const data = account.data;

  return (
    <section className="panel" aria-labelledby="account-heading">
      <div className="panel-header">
        <h2 id="account-heading">Account</h2>
        <div className="toolbar">
          {data ? <span className="muted small">Updated {formatLocalDateTime(data.fetchedAt)}</span> : null}
          <button type="button" className="button" onClick={account.reload} disabled={account.loading}>
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
                {formatUsd(data.credits.totalCredits - data.credits.totalUsage)}
                <span className="muted">
                  {' '}
                  ({formatUsd(data.credits.totalUsage)} used of {formatUsd(data.credits.totalCredits)})
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
