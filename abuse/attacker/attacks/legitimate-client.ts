import { Code, createChannel, createClient, RpcError } from "strand";
import { AbuseService, encodeSize } from "../../shared/abuse-service.ts";
import type { Campaign } from "../campaign.ts";

/** Calls started per tick, of which the first half are cancelled. */
const PER_TICK = 4;
/** 4 calls every 10 ms: 400 calls/s. */
const TICK_MS = 10;
/** Cancelled calls are cancelled this long after they started, while their handlers run. */
const CANCEL_AFTER_MS = 15;

/**
 * Class 13, the legitimate client of issue 14 item 5: the real Strand client on one connection
 * making 400 calls/s to `slow` (each handler takes 20–40 ms and honours its signal) and cancelling
 * half of them 15 ms in, for `durationMs`. Counts the calls that succeeded, those cancelled that
 * failed `Canceled` as they should, and every other outcome by code.
 */
export async function legitimateCanceller(campaign: Campaign, durationMs = 30_000): Promise<void> {
  const channel = createChannel(`127.0.0.1:${campaign.port}`);
  campaign.atClose(() => channel.close());
  const client = createClient(AbuseService, channel);
  await client.echo(new Uint8Array(1)); // connected before the clock starts
  campaign.started();
  const calls: Promise<void>[] = [];
  const one = async (cancel: boolean): Promise<void> => {
    const controller = new AbortController();
    const timer = cancel ? setTimeout(() => controller.abort(), CANCEL_AFTER_MS) : undefined;
    try {
      await client.slow(encodeSize(20 + Math.floor(Math.random() * 21)), { signal: controller.signal });
      campaign.count(cancel ? "cancelledButSucceeded" : "succeeded");
    } catch (error) {
      const code = error instanceof RpcError ? Code[error.code] : String(error);
      if (cancel && error instanceof RpcError && error.code === Code.Canceled) campaign.count("cancelledAsAsked");
      else campaign.record(`${cancel ? "cancelled call" : "call"} failed: ${code}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  };
  const end = performance.now() + durationMs;
  for (let tick = performance.now(); tick < end && campaign.active; tick += TICK_MS) {
    for (let i = 0; i < PER_TICK; i++) calls.push(one(i < PER_TICK / 2));
    campaign.count("calls", PER_TICK);
    const wait = tick + TICK_MS - performance.now();
    if (wait > 0) await Bun.sleep(wait);
  }
  await Promise.all(calls);
  campaign.record("open (real client)");
}
