import { expect, test } from "bun:test";
import { defaultWireConfig } from "./config.ts";
import { ErrorCode } from "./error-code.ts";
import { MAX_OUTSTANDING_PINGS } from "./ping-tracker.ts";
import { PingPong } from "./ping-pong.ts";
import { createMemoryChannelPair } from "./testing/memory-channel.ts";
import { WireError } from "./wire-error.ts";
import { WriteScheduler } from "./write-scheduler.ts";

const settings = { minRttMs: 20 };

function pingPong(): { pings: PingPong; scheduler: WriteScheduler } {
  const [channel] = createMemoryChannelPair();
  // A closed port: frames are queued, never flushed, so the test can count them.
  const scheduler = new WriteScheduler(channel, 1 << 20, { isClosed: true, channelGone: false, controlQueueDrained() {}, checkDrained() {}, counters: { bytesSent: 0, streamWindowStalls: 0, connectionWindowStalls: 0 } });
  return { pings: new PingPong(defaultWireConfig, scheduler, settings, { pingsSent: 0, pingsReceived: 0 }), scheduler };
}

test("the peer's pings are echoed within the rate limit; a flood is ENHANCE_YOUR_CALM", () => {
  const { pings, scheduler } = pingPong();
  const payload = new Uint8Array(8);
  for (let i = 0; i < defaultWireConfig.pingBurst; i++) pings.received(payload, false, 0);
  expect(scheduler.queuedControlFrames).toBe(defaultWireConfig.pingBurst);
  let error: unknown;
  try {
    pings.received(payload, false, 0);
  } catch (e) {
    error = e;
  }
  expect((error as WireError).code).toBe(ErrorCode.EnhanceYourCalm);
});

test("our ping resolves with its round trip when its ACK comes back; the least round trip is kept", async () => {
  const { pings, scheduler } = pingPong();
  const rtt = pings.ping(100);
  expect(scheduler.queuedControlFrames).toBe(1);
  // The ACK echoes our payload: the first ping carries counter 1 in its last four bytes.
  pings.received(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1), true, 112);
  expect(await rtt).toBe(12);
  expect([pings.rttMs, pings.minRttMs]).toEqual([12, 12]);
  settings.minRttMs = 5; // a SETTINGS round trip (the timer's) below every PING's
  expect(pings.minRttMs).toBe(5);
  settings.minRttMs = 20;
});

test("too many application pings at once are refused; close fails the outstanding ones", async () => {
  const { pings } = pingPong();
  const outstanding = Array.from({ length: MAX_OUTSTANDING_PINGS }, () => pings.ping(0));
  await expect(pings.ping(0)).rejects.toMatchObject({ code: ErrorCode.EnhanceYourCalm });
  pings.clear(new WireError(ErrorCode.Cancel, "closed"));
  for (const p of outstanding) await expect(p).rejects.toMatchObject({ code: ErrorCode.Cancel });
});
