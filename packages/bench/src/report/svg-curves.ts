/**
 * Latency percentile curves in the HdrHistogram style: the x axis is "nines" (0, 90, 99, 99.9,
 * 99.99 equally spaced) so the tail gets as much room as the median, the y axis is logarithmic.
 */
import { formatMicros } from "./format.ts";
import { escapeXml, px, svgDocument, svgText } from "./svg-kit.ts";

/** One curve: [percentile, µs] points. */
export interface CurveSeries {
  readonly label: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** Dashed stroke: the baseline of a pair of curves of one colour (e.g. S7 "alone"). */
  readonly dashed?: boolean;
}

const WIDTH = 760;
const HEIGHT = 420;
const LEFT = 70;
const RIGHT = 200;
const TOP = 44;
const BOTTOM = 50;
/** Nines shown on the x axis: 99.99 → 4. */
const MAX_NINES = 4;

/** Position of percentile `p` on the nines axis: 0 → 0, 90 → 1, 99 → 2, 99.9 → 3. */
export function nines(p: number): number {
  if (p >= 100) return MAX_NINES;
  if (p <= 0) return 0;
  return Math.min(MAX_NINES, -Math.log10(1 - p / 100));
}

/** Renders `series` as percentile curves under `title`. */
export function percentileCurvesSvg(title: string, series: readonly CurveSeries[]): string {
  const body: string[] = [svgText(16, 26, title, 'font-size="16" font-weight="600"')];
  const values = series.flatMap((s) => s.points.map(([, us]) => us)).filter((v) => v > 0);
  const low = Math.floor(Math.log10(Math.min(...values, 10)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values, 10))));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (p: number): number => LEFT + (nines(p) / MAX_NINES) * plotWidth;
  const y = (us: number): number => TOP + plotHeight - ((Math.log10(Math.max(us, 1)) - low) / (high - low)) * plotHeight;

  for (let e = low; e <= high; e++) {
    const yy = y(10 ** e);
    body.push(`<line x1="${LEFT}" y1="${px(yy)}" x2="${LEFT + plotWidth}" y2="${px(yy)}" stroke="#e9ecef"/>`);
    body.push(svgText(LEFT - 6, yy + 4, formatMicros(10 ** e), 'text-anchor="end" fill="#495057"'));
  }
  for (const [p, label] of [[0, "0"], [90, "90"], [99, "99"], [99.9, "99.9"], [99.99, "99.99"]] as const) {
    const xx = x(p);
    body.push(`<line x1="${px(xx)}" y1="${TOP}" x2="${px(xx)}" y2="${TOP + plotHeight}" stroke="#e9ecef"/>`);
    body.push(svgText(xx, TOP + plotHeight + 18, label, 'text-anchor="middle" fill="#495057"'));
  }
  body.push(svgText(LEFT + plotWidth / 2, HEIGHT - 12, "percentile", 'text-anchor="middle" fill="#495057"'));
  body.push(`<rect x="${LEFT}" y="${TOP}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#adb5bd"/>`);

  series.forEach((s, i) => {
    const points = s.points.filter(([, us]) => us > 0).map(([p, us]) => `${px(x(p))},${px(y(us))}`).join(" ");
    const dash = s.dashed === true ? ' stroke-dasharray="6 4"' : "";
    body.push(`<polyline points="${points}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="2"${dash}><title>${escapeXml(s.label)}</title></polyline>`);
    const ly = TOP + 8 + i * 20;
    body.push(`<line x1="${LEFT + plotWidth + 14}" y1="${ly}" x2="${LEFT + plotWidth + 34}" y2="${ly}" stroke="${escapeXml(s.color)}" stroke-width="3"${dash}/>`);
    body.push(svgText(LEFT + plotWidth + 40, ly + 4, s.label));
  });
  return svgDocument(WIDTH, HEIGHT, body);
}
