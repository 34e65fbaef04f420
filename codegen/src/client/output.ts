/**
 * How the client subcommands print: on a terminal, indented JSON in colour and a one-line status
 * footer for a person; into a pipe, plain JSON — one message per line — for `jq` and scripts.
 * `NO_COLOR` (the common convention) turns colour off; `FORCE_COLOR=1` on.
 */

/** Where output goes and how it should look. */
export interface OutputStyle {
  /** Indent messages and print the footer (stdout is a terminal). */
  readonly pretty: boolean;
  /** ANSI colours on stdout. */
  readonly color: boolean;
  /** ANSI colours on stderr (footer, errors). */
  readonly errorColor: boolean;
}

/** The style for the given terminals and environment. */
export function outputStyle(stdoutTty: boolean, stderrTty: boolean, env: Readonly<Record<string, string | undefined>>): OutputStyle {
  const forced = env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0";
  const banned = env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "";
  return { pretty: stdoutTty, color: forced || (!banned && stdoutTty), errorColor: forced || (!banned && stderrTty) };
}

const PAINT = { key: "\x1b[34m", string: "\x1b[32m", number: "\x1b[33m", literal: "\x1b[35m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", bold: "\x1b[1m", reset: "\x1b[0m" } as const;

/** `text` in `colour` when `on`. */
export function paint(on: boolean, colour: keyof typeof PAINT, text: string): string {
  return on ? `${PAINT[colour]}${text}${PAINT.reset}` : text;
}

/** One JSON value as the style wants it, with a trailing newline. */
export function formatJson(value: unknown, style: OutputStyle): string {
  if (!style.pretty) return `${JSON.stringify(value)}\n`;
  if (!style.color) return `${JSON.stringify(value, null, 2)}\n`;
  return `${coloured(value, "")}\n`;
}

function coloured(value: unknown, indent: string): string {
  if (value === null || typeof value === "boolean") return paint(true, "literal", String(value));
  if (typeof value === "number") return paint(true, "number", String(value));
  if (typeof value === "string") return paint(true, "string", JSON.stringify(value));
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v: unknown) => inner + coloured(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${paint(true, "key", JSON.stringify(k))}: ${coloured(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The footer after a call: `OK · 2 messages · 4.1 ms` (the code name in red unless OK). */
export function footer(codeName: string, messages: number | undefined, elapsedMs: number, style: OutputStyle): string {
  const parts = [paint(style.errorColor, codeName === "OK" ? "green" : "red", codeName)];
  if (messages !== undefined) parts.push(`${messages} message${messages === 1 ? "" : "s"}`);
  parts.push(`${elapsedMs < 10 ? elapsedMs.toFixed(1) : Math.round(elapsedMs)} ms`);
  return `${paint(style.errorColor, "dim", "──")} ${parts.join(paint(style.errorColor, "dim", " · "))}\n`;
}
