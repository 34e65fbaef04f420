import { describe, expect, test } from "bun:test";
import { createSessionPair } from "./testing/session-pair.ts";
import { ErrorCode } from "./error-code.ts";
import type { WireError } from "./wire-error.ts";
import { echoHandler, pattern, seeded } from "../test/helpers.ts";

/** Runs `streams` concurrent echo streams of `count` messages each and checks every byte. */
async function echoMany(pair: ReturnType<typeof createSessionPair>, streams: number, count: number): Promise<void> {
  const runs = Array.from({ length: streams }, async (_, s) => {
    const stream = pair.client.openStream(new Uint8Array([s]));
    const sent = Array.from({ length: count }, (_, i) => pattern(1 + ((s * 7919 + i * 104729) % 40_000), s * 1000 + i + 1));
    const sending = (async () => {
      for (const m of sent) await stream.send(m);
      stream.end();
    })();
    let i = 0;
    for await (const m of stream) {
      expect(Buffer.compare(m, sent[i]!)).toBe(0);
      i++;
    }
    await sending;
    expect(i).toBe(count);
  });
  await Promise.all(runs);
}

describe("no byte lost, duplicated or reordered under channel faults", () => {
  test("short writes (at most 97 bytes per write) and a 1 KiB channel buffer", async () => {
    const pair = createSessionPair({ onStream: echoHandler, channel: { maxWrite: 97, bufferBytes: 1024, maxChunk: 61, random: seeded(1) } });
    await echoMany(pair, 6, 12);
    pair.client.close();
  });

  test("random chunking with delays", async () => {
    const pair = createSessionPair({ onStream: echoHandler, channel: { delayMs: 1, maxChunk: 3000, random: seeded(2) } });
    await echoMany(pair, 4, 10);
    pair.client.close();
  });

  test("an abrupt close fails every open stream on both sides with CONNECTION_LOST", async () => {
    const serverErrors: (WireError | undefined)[] = [];
    const pair = createSessionPair({
      onStream(stream) {
        stream.onClose = (e) => serverErrors.push(e);
        stream.respond(new Uint8Array(0));
      },
    });
    const streams = [0, 1, 2].map(() => pair.client.openStream(new Uint8Array([1])));
    await Promise.all(streams.map((s) => s.headers()));
    pair.clientChannel.destroy(new Error("cable cut"));
    const outcomes = await Promise.all(streams.map((s) => s.next().then(() => undefined, (e: WireError) => e)));
    for (const e of outcomes) expect(e?.code).toBe(ErrorCode.ConnectionLost);
    expect((await pair.client.closed)?.code).toBe(ErrorCode.ConnectionLost);
    expect((await pair.server.closed)?.code).toBe(ErrorCode.ConnectionLost);
    expect(serverErrors.map((e) => e?.code)).toEqual([ErrorCode.ConnectionLost, ErrorCode.ConnectionLost, ErrorCode.ConnectionLost]);
  });
});
