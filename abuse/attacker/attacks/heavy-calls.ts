import { Flag, FrameType } from "@strand/wire/internal";
import { Code, createChannel, createClient, RpcError } from "strand";
import { AbuseService } from "../../shared/abuse-service.ts";
import type { Campaign } from "../campaign.ts";
import { concat, handshake, heavyMetadata, requestHead, unaryCall } from "../frames.ts";

/** Calls in flight: what the server admits at once (more would only be refused, cheaply). */
const IN_FLIGHT = 100;
/** The largest header block that still fits one frame with a small message (PROTOCOL.md §4.2). */
const BLOCK_BYTES = 16 * 1024 - 64;

/**
 * Class 8: valid unary `echo` calls whose header blocks are ~16 KiB of small metadata entries
 * (the most parsing per byte), 100 in flight at all times, replacing each as soon as it is
 * answered. It reads every answer (and grants all the credit the server could want).
 */
export function maximalMetadata(campaign: Campaign): Promise<void> {
  const head = requestHead("echo", heavyMetadata(BLOCK_BYTES));
  const message = new Uint8Array(16);
  return campaign.persist(async (conn) => {
    let inFlight = 0;
    let nextId = 1;
    let wake: () => void = () => {};
    conn.onFrameSeen = (f) => {
      const ended = f.type === FrameType.RstStream || (f.type === FrameType.Headers && (f.flags & Flag.EndStream) !== 0);
      if (!ended) return;
      inFlight--;
      campaign.count(f.type === FrameType.RstStream ? "callsReset" : "callsAnswered");
      wake();
    };
    conn.write(handshake());
    while (campaign.active && !conn.closed) {
      const calls: Uint8Array[] = [];
      for (; inFlight < IN_FLIGHT; inFlight++, nextId += 2) calls.push(unaryCall(nextId, head, message));
      if (calls.length > 0 && !conn.write(concat(calls))) await Promise.race([conn.drained(), campaign.stopped]);
      if (inFlight >= IN_FLIGHT) await Promise.race([new Promise<void>((r) => (wake = r)), conn.whenClosed(), campaign.stopped]);
    }
  });
}

/** Class 9: the real client making `echo` calls of 4 MiB (the default limit), `parallel` at a time, back to back. */
export async function maximalMessages(campaign: Campaign, parallel = 16): Promise<void> {
  const channel = createChannel(`127.0.0.1:${campaign.port}`);
  campaign.atClose(() => channel.close());
  const client = createClient(AbuseService, channel);
  const payload = new Uint8Array(4 * 1024 * 1024 - 64).fill(7);
  const worker = async (): Promise<void> => {
    while (campaign.active) {
      try {
        campaign.started();
        const reply = await client.echo(payload);
        campaign.count(reply.length === payload.length ? "callsAnswered" : "callsWrongLength");
      } catch (error) {
        const code = error instanceof RpcError ? Code[error.code] : String(error);
        campaign.record(`call failed: ${code}`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  campaign.record("open (real client)");
}
