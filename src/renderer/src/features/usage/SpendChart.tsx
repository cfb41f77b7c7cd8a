import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatUsd } from '@shared/format';
import type { DaySpend } from '@shared/schemas';
import { shortDay } from './days';

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: DaySpend }>;
}

function DayTooltip({ active, payload }: TooltipProps) {
  const day = active ? payload?.[0]?.payload : undefined;
  if (!day) return null;
  return (
    <div className="chart-tooltip">
      <strong>{shortDay(day.day)}</strong>
      <span className="tabular">{formatUsd(day.cost)}</span>
      <span className="muted tabular">
        {formatCount(day.requests)} {day.requests === 1 ? 'request' : 'requests'}
      </span>
    </div>
  );
}

/** Spend per local day. Static (no animation) so screenshots and tests see the final bars. */
export function SpendChart({ days, total }: { days: DaySpend[]; total: number }) {
  return (
    <div
      className="chart-box"
      role="img"
      aria-label={`Spend per day, last ${days.length} days: ${formatUsd(total)} total`}
    >
      <ResponsiveContainer width="100%" height="100%">
        {/* The wrapper's label is the accessible summary; the SVG itself stays out of the tab order. */}
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            tick={{ fill: 'var(--text-muted)', fontSize: 11 }}
            axisLine={{ stroke: 'var(--border)' }}
            tickLine={false}
            minTickGap={16}
          />
          <YAxis
            tickFormatter={(v: number) => formatUsd(v)}
            tick={{ fill: 'var(--text-muted)', fontSize: 11 }}
            axisLine={false}
            tickLine={false}
            width={72}
          />
          <Tooltip content={<DayTooltip />} cursor={{ fill: 'var(--hover)' }} isAnimationActive={false} />
          <Bar dataKey="cost" fill="var(--accent)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
