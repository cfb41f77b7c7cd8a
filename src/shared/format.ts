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

/** "0.000122" for 0.00012195: three significant digits below a dollar, so tiny costs stay visible. */
function plainDollars(abs: number): string {
  if (abs >= 1) {
    const [whole = '0', cents = '00'] = abs.toFixed(2).split('.');
    return `${groupThousands(whole)}.${cents}`;
  }
  const decimals = Math.min(20, Math.max(2, Math.ceil(-Math.log10(abs)) + 2));
  const fixed = abs.toFixed(decimals);
  // Rounding can carry up to a whole dollar (0.9999 -> "1.000").
  if (Number(fixed) >= 1) return plainDollars(Number(fixed));
  return trimZeros(fixed, 2);
}

/**
 * US dollars: "$0" for zero, "$1,234.50" at a dollar and above, three significant digits below
 * ("$0.45", "$0.0123", "$0.000122").
 */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  if (n === 0) return '$0';
  const sign = n < 0 ? '-' : '';
  return `${sign}$${plainDollars(Math.abs(n))}`;
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

/**
 * Account balances and limits, where a few tenths of a cent of spending must stay visible:
 * "$9.99898" rather than "$10.00". Up to five decimals (trailing zeros dropped, whole cents
 * keep two: "$10.00", "$24.50"); amounts below a cent keep formatUsd's significant digits.
 */
export function formatUsdPrecise(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  const abs = Math.abs(n);
  if (abs < 0.01) return formatUsd(n);
  const fixed = trimZeros(abs.toFixed(5), 2);
  const [whole = '0', decimals = '00'] = fixed.split('.');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}$${groupThousands(whole)}.${decimals}`;
}
