import type { GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { StreamTable } from "./stream-table.ts";
import { WireError } from "./wire-error.ts";

/**
 * Graceful drain (PROTOCOL.md §10), the parts that decide the fate of streams: which ones a
 * GOAWAY leaves unprocessed, and the error they fail with — REFUSED_STREAM, so their owners know
 * that retrying them on another connection is safe.
 */

/** The peer sent GOAWAY: streams we opened above its last stream ID, and those still waiting to be sent, were never processed. */
export function refuseUnprocessed(table: StreamTable, goAway: GoAway): void {
  const refused = new WireError(ErrorCode.RefusedStream, `the peer is going away (GOAWAY ${ErrorCode[goAway.code]}: ${goAway.reason}) and did not process this stream`, {
    scope: "stream",
    initiator: "remote",
  });
  for (const stream of [...table.streams.values()]) {
    if (!table.isPeerId(stream.id) && stream.id > goAway.lastStreamId) stream.fail(refused);
  }
  failPending(table, refused);
}

/** We sent GOAWAY: streams waiting for the peer's concurrency limit will never be sent. */
export function failPendingOnDrain(table: StreamTable): void {
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
