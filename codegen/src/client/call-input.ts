/**
 * The request text of `strand call`: the positional JSON, `-d TEXT`, `-d @FILE` or `-d @-`
 * (stdin). A unary or server-streaming call takes one JSON message (`{}` when none is given);
 * a client or bidi stream reads newline-delimited JSON — from stdin when nothing else is given —
 * sending each line as it arrives, so a bidi call can be typed interactively.
 */
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { CodegenError } from "../diagnostic.ts";

/** Where the request text comes from. */
export type InputSource = { readonly kind: "text"; readonly text: string } | { readonly kind: "file"; readonly path: string } | { readonly kind: "stdin" };

/** The longest line (one message's JSON) read from a stream: beyond it the call fails instead of buffering on. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Picks the source from the positional JSON and `-d` (which exclude each other). */
export function inputSource(positional: string | undefined, data: string | undefined, streaming: boolean): InputSource | undefined {
  if (positional !== undefined && data !== undefined) throw new CodegenError("usage", "give the request either as an argument or with -d, not both");
  const given = positional ?? data;
  if (given === undefined) return streaming ? { kind: "stdin" } : undefined;
  if (data !== undefined && given === "@-") return { kind: "stdin" };
  if (data !== undefined && given.startsWith("@")) return { kind: "file", path: given.slice(1) };
  return { kind: "text", text: given };
}

/** Reads the whole source (a single message's JSON); at most {@link MAX_LINE_BYTES}. */
export async function readAll(source: InputSource, cwd: string, stdin: () => AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  for await (const line of readLines(source, cwd, stdin, true)) text += line;
  return text;
}

/**
 * The source's lines as they arrive, blank ones skipped (`whole`: the whole text as one piece).
 * A line over {@link MAX_LINE_BYTES} fails with its line number.
 */
export async function* readLines(source: InputSource, cwd: string, stdin: () => AsyncIterable<Uint8Array>, whole = false): AsyncGenerator<string> {
  if (source.kind === "text") {
    if (whole) yield source.text;
    else for (const line of source.text.split("\n")) if (line.trim() !== "") yield line;
    return;
  }
  const chunks = source.kind === "stdin" ? stdin() : openFile(resolve(cwd, source.path), source.path);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending = "";
  let lineNo = 1;
  const tooLong = (): CodegenError => new CodegenError("usage", `${source.kind === "file" ? source.path : "stdin"}:${lineNo}: a message's JSON is over ${MAX_LINE_BYTES} bytes`);
  try {
    for await (const chunk of chunks) {
      pending += decoder.decode(chunk, { stream: true });
      if (whole) {
        if (pending.length > MAX_LINE_BYTES) throw tooLong();
        continue;
      }
      for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim() !== "") yield line;
        lineNo++;
      }
      if (pending.length > MAX_LINE_BYTES) throw tooLong();
    }
    pending += decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new CodegenError("usage", `${source.kind === "file" ? source.path : "stdin"}: not UTF-8 text`);
    throw error;
  }
  if (pending.trim() !== "") yield pending;
}

async function* openFile(path: string, shown: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
  } catch (error) {
    throw new CodegenError("usage", `-d @${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
