/** Number formatting shared by the Markdown and SVG writers, so tables and charts agree. */

/** Compact magnitude: 1234567 → "1.23M", 12345 → "12.3k", 12.345 → "12.3", 0.01234 → "0.0123". */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (abs >= 100) return value.toFixed(0);
  return trim(value);
}

/** Three significant digits without trailing zeros. */
function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** A latency in microseconds, switching to milliseconds from 1 ms. */
export function formatMicros(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return "–";
  return us >= 1000 ? `${trim(us / 1000)} ms` : `${formatNumber(us)} µs`;
}

/** A ratio as a multiplier: 2.345 → "2.35×". */
export function formatTimes(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? "–" : `${trim(ratio)}×`;
}

/** A ratio as a percentage: 0.4567 → "46 %". */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "–";
  const percent = ratio * 100;
  return `${percent >= 10 ? percent.toFixed(0) : trim(percent)} %`;
}

/** Bytes as KiB with two decimals. */
export function formatKiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? "–" : `${(bytes / 1024).toFixed(2)} KiB`;
}
