/**
 * Throughput bars: one panel per scenario (units differ, so each panel has its own scale), one
 * horizontal bar per peer, labelled with its absolute value.
 */
import { formatNumber } from "./format.ts";
import { escapeXml, px, svgDocument, svgText } from "./svg-kit.ts";

/** One bar. */
export interface Bar {
  readonly label: string;
  /** Undefined draws "failed"/"n/a" instead of a bar. */
  readonly value: number | undefined;
  readonly color: string;
}

/** One panel: a scenario with its unit and bars. */
export interface BarPanel {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 860;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 130;
const BAR_HEIGHT = 16;
const BAR_GAP = 6;
const PANEL_HEAD = 26;
const PANEL_GAP = 14;

/** Renders `panels` stacked vertically under `title`. */
export function barChartSvg(title: string, panels: readonly BarPanel[]): string {
  const body: string[] = [svgText(16, 26, title, 'font-size="16" font-weight="600"')];
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 16;
  let y = 44;
  for (const panel of panels) {
    body.push(svgText(16, y + 16, `${panel.title} (${panel.unit})`, 'font-weight="600"'));
    y += PANEL_HEAD;
    const max = Math.max(0, ...panel.bars.map((b) => b.value ?? 0));
    for (const bar of panel.bars) {
      const middle = y + BAR_HEIGHT / 2 + 4;
      body.push(svgText(LABEL_WIDTH - 8, middle, bar.label, 'text-anchor="end"'));
      if (bar.value === undefined) {
        body.push(svgText(LABEL_WIDTH, middle, "n/a", 'fill="#868e96"'));
      } else {
        const width = max > 0 ? (bar.value / max) * plotWidth : 0;
        body.push(`<rect x="${LABEL_WIDTH}" y="${px(y)}" width="${px(Math.max(width, 1))}" height="${BAR_HEIGHT}" fill="${escapeXml(bar.color)}"><title>${escapeXml(`${bar.label}: ${bar.value} ${panel.unit}`)}</title></rect>`);
        body.push(svgText(LABEL_WIDTH + Math.max(width, 1) + 6, middle, `${formatNumber(bar.value)} ${panel.unit}`));
      }
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += PANEL_GAP;
  }
  return svgDocument(WIDTH, Math.ceil(y + 10), body);
}
