/**
 * Display formatting for money, prices, token counts and durations. Pure functions: values keep
 * full precision everywhere else and are rounded only here, at the moment they are shown.
 * Output is fixed to US English so screens and tests read the same on every machine.
 */

const NOT_A_NUMBER = '—';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Drops trailing zeros past the first `keep` decimals: "0.4500" -> "0.45", "2.50" stays. */
function trimZeros(fixed: string, keep: number): string {
  const dot = fixed.indexOf('.');
  if (dot < 0) return fixed;
  let end = fixed.length;
  while (end > dot + 1 + keep && fixed[end - 1] === '0') end--;
  if (end === dot + 1) end = dot;
  return fixed.slice(0, end);
}

/**
 * US dollars, one rule everywhere: "$0" for zero; below a cent, three significant digits so tiny
 * costs stay visible ("$0.000122"); from a cent up, up to five decimals with trailing zeros
 * dropped but whole cents kept ("$0.45", "$0.01235", "$9.99898", "$1,234.50"). Five decimals is
 * finer than any single request's cost rounds to in practice, so sums and balances stay exact.
 */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  let text: string;
  if (abs < 0.01) {
    const decimals = Math.min(20, Math.max(2, Math.ceil(-Math.log10(abs)) + 2));
    text = trimZeros(abs.toFixed(decimals), 2);
    // Rounding can carry up to a cent (0.0099999 -> "0.0100").
    if (Number(text) >= 0.01) text = trimZeros(abs.toFixed(5), 2);
  } else {
    text = trimZeros(abs.toFixed(5), 2);
  }
  if (Number(text) === 0) return '$0';
  const [whole = '0', decimals = '00'] = text.split('.');
  return `${n < 0 ? '-' : ''}$${groupThousands(whole)}.${decimals}`;
}

/**
 * A per-token price as a price per million tokens. Multiplying binary floats leaves noise
 * (0.00000045 * 1e6 = 0.44999999999999996), so the result is cut to 12 significant digits.
 */
export function perMillion(pricePerToken: number): number {
  return Number((pricePerToken * 1_000_000).toPrecision(12));
}

/**
 * A per-token price shown per million tokens: "Free", "Variable" (routers such as
 * openrouter/auto, whose price depends on the model they pick), "$15", "$0.45", "$2.50".
 */
export function formatPricePerMillion(pricePerToken: number, variable: boolean): string {
  if (variable || pricePerToken < 0) return 'Variable';
  if (!Number.isFinite(pricePerToken)) return NOT_A_NUMBER;
  if (pricePerToken === 0) return 'Free';
  const m = perMillion(pricePerToken);
  if (Number.isInteger(m)) return `$${groupThousands(String(m))}`;
  return formatUsd(m);
}

/** Token counts the way model cards show them: "850", "8.2K", "262K", "1M", "1.05M". */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)}`;
  const thousands = abs / 1000;
  const k = thousands < 10 ? Math.round(thousands * 10) / 10 : Math.round(thousands);
  if (k < 1000) return `${sign}${k}K`;
  const millions = Math.round((abs / 1_000_000) * 100) / 100;
  return `${sign}${millions}M`;
}

/** A whole count with thousands separators: "12,345". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  const rounded = Math.round(n);
  return `${rounded < 0 ? '-' : ''}${groupThousands(String(Math.abs(rounded)))}`;
}

/** "850 ms" below a second, "2.3 s" below a minute, "1 min 5 s" above. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const wholeMs = Math.max(0, Math.round(ms));
  if (wholeMs < 1000) return `${wholeMs} ms`;
  const tenths = Math.round(wholeMs / 100) / 10;
  if (tenths < 60) return `${tenths.toFixed(1)} s`;
  const seconds = Math.round(wholeMs / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
