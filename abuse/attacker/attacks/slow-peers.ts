import { Flag, FrameType } from "@strand/wire/internal";
import { encodeSize } from "../../shared/abuse-service.ts";
import { type Campaign, nextFrame } from "../campaign.ts";
import { concat, handshake, requestHead, unaryCall } from "../frames.ts";
import type { RawConnection } from "../raw-connection.ts";

/** Slowloris connections held open at once. */
const SLOWLORIS = 200;
/** What each `download` call of the stopped reader asks for. Bytes. */
const DOWNLOAD = 1024 * 1024;
/** Download calls per write of the stopped reader. */
const CALLS = 100;

/**
 * The header of a HEADERS frame declaring a 16,000-byte payload (a unary call on stream 1), whose
 * body then comes one byte per second: the server holds a partial frame per connection.
 */
function slowHeader(): Uint8Array {
  const length = 16_000;
  return new Uint8Array([length >>> 16, (length >>> 8) & 0xff, length & 0xff, FrameType.Headers, Flag.WithMessage | Flag.EndStream, 0, 0, 0, 1]);
}

/**
 * Class 10a: `SLOWLORIS` connections, each a handshake and a frame header, then one byte per
 * second. Opened one after the other, each once its handshake is through, so that none is turned
 * away as one of too many handshakes in progress: all of them are held.
 */
async function slowloris(campaign: Campaign): Promise<void> {
  const conns: RawConnection[] = [];
  const header = slowHeader();
  for (let i = 0; i < SLOWLORIS && campaign.active; i++) {
    const conn = await campaign.connect();
    const settings = nextFrame(conn, (type, flags) => type === FrameType.Settings && (flags & Flag.Ack) !== 0);
    conn.write(concat([handshake(), header]));
    await Promise.race([settings, campaign.stopped]);
    conns.push(conn);
  }
  const drip = new Uint8Array([0]);
  while (campaign.active) {
    await Promise.race([Bun.sleep(1000), campaign.stopped]);
    if (!campaign.active) break;
    for (const conn of conns) if (!conn.closed) conn.write(drip);
    campaign.count("dripBytes", conns.length);
  }
}

/**
 * Class 10b: a client that asks for 1 MiB `download`s and never reads a byte of the answers
 * (after the handshake): it writes calls until TCP stops taking them, and then just holds on.
 */
async function stoppedReader(campaign: Campaign): Promise<void> {
  const conn = await campaign.connect();
  const settings = nextFrame(conn, (type) => type === FrameType.Settings);
  conn.write(handshake());
  await settings;
  conn.stopReading();
  const head = requestHead("download");
  const size = encodeSize(DOWNLOAD);
  let id = 1;
  while (campaign.active && !conn.closed) {
    const calls: Uint8Array[] = [];
    for (let i = 0; i < CALLS; i++, id += 2) calls.push(unaryCall(id, head, size));
    campaign.count("downloadCalls", CALLS);
    if (!conn.write(concat(calls))) await Promise.race([conn.drained(), campaign.stopped]);
    else await Bun.sleep(1);
  }
}

/** Class 10: slowloris connections and a stopped reader at the same time. */
export async function slowPeers(campaign: Campaign): Promise<void> {
  await Promise.all([slowloris(campaign), stoppedReader(campaign)]);
}
