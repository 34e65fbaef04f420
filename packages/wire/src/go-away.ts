import type { GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { StreamTable } from "./stream-table.ts";
import { WireError } from "./wire-error.ts";

/**
 * Graceful drain (PROTOCOL.md §10), the parts that decide the fate of streams: which ones a
 * GOAWAY leaves unprocessed, and the error they fail with — REFUSED_STREAM, so their owners know
 * that retrying them on another connection is safe.
 */

/**
 * The peer sent GOAWAY: streams we opened above its last stream ID, and those still waiting to be
 * sent, were never processed. The error is made only if a stream gets it: most GOAWAYs find none
 * (a client closing its channel, a server closing an idle connection).
 */
export function refuseUnprocessed(table: StreamTable, goAway: GoAway): void {
  let refused: WireError | undefined;
  if (table.streams.size > 0) {
    for (const stream of table.streams.values()) {
      if (table.isPeerId(stream.id) || stream.id <= goAway.lastStreamId) continue;
      refused ??= refusedBy(goAway);
      stream.fail(refused);
    }
  }
  if (table.pending.length > 0) failPending(table, refused ?? refusedBy(goAway));
}

/** Why a stream the peer's GOAWAY left unprocessed failed (REFUSED_STREAM: safe to retry). */
function refusedBy(goAway: GoAway): WireError {
  return new WireError(ErrorCode.RefusedStream, `the peer is going away (GOAWAY ${ErrorCode[goAway.code]}: ${goAway.reason}) and did not process this stream`, {
    scope: "stream",
    initiator: "remote",
  });
}

/** We sent GOAWAY: streams waiting for the peer's concurrency limit will never be sent. */
export function failPendingOnDrain(table: StreamTable): void {
  if (table.pending.length === 0) return;
  failPending(table, new WireError(ErrorCode.RefusedStream, "the connection is going away; the stream was never sent", { scope: "stream" }));
}

/** Fails the streams waiting for the peer's concurrency limit with `error`. */
function failPending(table: StreamTable, error: WireError): void {
  const pending = table.pending.splice(0);
  for (const stream of pending) stream.fail(error);
}

/** Whether nothing is left to wait for before a connection that sent GOAWAY may close. */
export function drained(table: StreamTable): boolean {
  return table.streams.size === 0 && table.pending.length === 0;
}

/** Why a connection whose channel closed under it failed: the peer's GOAWAY error, if it sent one, else CONNECTION_LOST. */
export function lostConnectionError(goAway: GoAway | undefined, cause: unknown): WireError {
  return goAway !== undefined && goAway.code !== ErrorCode.NoError
    ? new WireError(goAway.code, `peer sent GOAWAY: ${goAway.reason}`, { initiator: "remote", cause })
    : new WireError(ErrorCode.ConnectionLost, "connection lost", { initiator: "remote", cause });
}
