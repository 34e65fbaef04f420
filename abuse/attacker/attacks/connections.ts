import { Flag, FrameType } from "@strand/wire/internal";
import { type Campaign, nextFrame } from "../campaign.ts";
import { concat, handshake, requestHead, unaryCall } from "../frames.ts";

const utf8 = new TextEncoder();

/** Class 11: an HTTP request and binary noise instead of a preface, from 4 connections at a time, again and again. */
export function garbage(campaign: Campaign): Promise<void> {
  const noise = new Uint8Array(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) & 0xff;
  const bytes = concat([utf8.encode("GET / HTTP/1.1\r\nHost: strand\r\n\r\n"), noise]);
  return campaign.persist(async (conn) => {
    conn.write(bytes);
    campaign.count("garbageWrites");
    await Promise.race([conn.whenClosed(), campaign.stopped]);
  }, 4);
}

/** What one churned connection does before it goes. */
type ChurnKind = "halfOpen" | "handshakeOnly" | "oneCall" | "hardKill";
const KINDS: readonly ChurnKind[] = ["halfOpen", "handshakeOnly", "oneCall", "hardKill"];

/**
 * Class 12: `total` short connections, `parallel` at a time, cycling through half-opens (connect,
 * hang up), handshakes only (preface and SETTINGS, until the server's SETTINGS), one call each
 * (until its answer), and hard kills (a call, then a reset socket, no GOAWAY).
 */
export async function churn(campaign: Campaign, total = 20_000, parallel = 64): Promise<void> {
  const head = requestHead("echo");
  const call = concat([handshake(), unaryCall(1, head, new Uint8Array(16))]);
  const hello = handshake();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (campaign.active && next < total) {
      const kind = KINDS[next++ % KINDS.length]!;
      let conn;
      try {
        conn = await campaign.connect();
      } catch (error) {
        campaign.record(`connect failed: ${(error as Error).message}`);
        continue;
      }
      campaign.count(kind);
      if (kind === "halfOpen") {
        conn.end();
      } else if (kind === "handshakeOnly") {
        const settings = nextFrame(conn, (type, flags) => type === FrameType.Settings && (flags & Flag.Ack) === 0);
        conn.write(hello);
        await settings;
        conn.end();
      } else if (kind === "oneCall") {
        const answered = nextFrame(conn, (type, flags, id) => type === FrameType.Headers && id === 1 && (flags & Flag.EndStream) !== 0);
        conn.write(call);
        if (!(await answered)) campaign.count("callsUnanswered");
        conn.end();
      } else {
        conn.write(call);
        conn.kill();
        continue;
      }
      await conn.whenClosed();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
