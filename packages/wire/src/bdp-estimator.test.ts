import { describe, expect, test } from "bun:test";
import { BdpEstimator, BDP_PROBE_INTERVAL_MS } from "./bdp-estimator.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { echoHandler } from "../test/helpers.ts";

describe("bandwidth-delay window growth", () => {
  test("doubles the window when a probe's sample fills it, up to the ceiling", () => {
    const bdp = new BdpEstimator(64 * 1024, 200 * 1024);
    expect(bdp.received(1000, 0)).toBe(true);
    bdp.received(60 * 1024, 1);
    // 61 KiB in a 1 ms round trip that is also the path's own: the window is the limit.
    expect(bdp.acked(1, 1)).toBe(128 * 1024); // max(2 × window, 2 × rate × round trip)
    expect(bdp.received(1000, 2)).toBe(false); // probes are spaced
    expect(bdp.received(200 * 1024, BDP_PROBE_INTERVAL_MS + 1)).toBe(true);
    expect(bdp.acked(1, 1)).toBe(200 * 1024);
    expect(bdp.received(1, 10_000)).toBe(false); // at the ceiling: no more probes
  });

  test("a small sample (the window is not the bottleneck) leaves it alone", () => {
    const bdp = new BdpEstimator(64 * 1024, 16 * 1024 * 1024);
    bdp.received(100, 0);
    expect(bdp.acked(1, 1)).toBeUndefined();
    expect(bdp.window).toBe(64 * 1024);
  });

  test("a sample swollen by queueing (the round trip grew, the path did not) leaves it alone", () => {
    const bdp = new BdpEstimator(256 * 1024, 16 * 1024 * 1024);
    for (let probe = 0; probe < 5; probe++) {
      const at = probe * BDP_PROBE_INTERVAL_MS;
      expect(bdp.received(16 * 1024, at)).toBe(true);
      bdp.received(300 * 1024, at + 1);
      // A full window per 2 ms round trip, on a path whose own round trip is 0.1 ms: the
      // receiver, not the window, is the limit, and a larger window would only add queueing.
      expect(bdp.acked(2, 0.1)).toBeUndefined();
    }
    expect(bdp.window).toBe(256 * 1024);
  });

  test("on a high-latency link the stream window grows and data still arrives intact", async () => {
    const pair = createSessionPair({
      onStream: echoHandler,
      channel: { delayMs: 5, bufferBytes: 8 * 1024 * 1024 },
      client: { initialStreamWindow: 64 * 1024, initialConnectionWindow: 64 * 1024 },
      server: { initialStreamWindow: 64 * 1024, initialConnectionWindow: 64 * 1024 },
    });
    const stream = pair.client.openStream(new Uint8Array(0));
    const chunk = new Uint8Array(16 * 1024).fill(3);
    const total = 6 * 1024 * 1024;
    const sending = (async () => {
      for (let sent = 0; sent < total; sent += chunk.length) await stream.send(chunk);
      stream.end();
    })();
    let received = 0;
    for await (const m of stream) received += m.length;
    await sending;
    expect(received).toBe(total);
    expect(pair.server.diagnostics.streamWindow).toBeGreaterThan(64 * 1024);
    pair.client.close();
  });
});
