/**
 * The few SVG building blocks the charts share. Hand-rolled on purpose: two chart kinds do not
 * justify a charting dependency, and plain strings are trivially testable.
 */
import type { PeerId } from "../orchestrator/peers.ts";

/** One colour per peer, the same in every chart. */
export const PEER_COLORS: { readonly [P in PeerId]: string } = {
  strand: "#d9480f",
  "strand-push": "#fd7e14",
  "strand-ws": "#f59f00",
  "strand-otel": "#c2255c",
  "strand-metrics": "#e64980",
  "strand-observed": "#862e9c",
  "grpc-node": "#1c7ed6",
  "grpc-bun": "#7048e8",
  raw: "#495057",
  "strand-none": "#e8590c",
  "strand-zstd": "#2f9e44",
  "strand-gzip": "#0ca678",
};

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

/** Rounds a coordinate to 0.1 px: shorter files, stable output. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A `<text>` element. */
export function svgText(x: number, y: number, content: string, attributes = ""): string {
  return `<text x="${px(x)}" y="${px(y)}"${attributes ? ` ${attributes}` : ""}>${escapeXml(content)}</text>`;
}

/** A complete SVG document with a white background and a readable default font. */
export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
