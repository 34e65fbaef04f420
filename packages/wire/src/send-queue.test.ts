import { describe, expect, test } from "bun:test";
import { createSessionPair } from "./testing/session-pair.ts";
import type { WireStream } from "./stream.ts";
import { utf8 } from "../test/helpers.ts";

describe("send queue accounting", () => {
  test("a first message that rides in HEADERS stops counting as queued once framed (no early backpressure)", async () => {
    let accepted: WireStream | undefined;
    const { client, server } = createSessionPair({
      client: { initialStreamWindow: 64 * 1024, maxWindow: 64 * 1024 },
      onStream: (stream) => {
        accepted = stream;
        stream.respond(utf8.encode("h"), { message: new Uint8Array(16_000) });
      },
    });
    const call = client.openStream(utf8.encode("req"));
    await call.headers(); // the response HEADERS (with its message) has been framed and written
    const stream = accepted!;
    // 64 KiB of credit minus the 16,000 bytes sent leaves 49,536: a 40,000-byte message fits, so
    // the writer may go on at once. Counting the framed first message as still queued (56,000)
    // would make it wait for credit it does not need.
    expect(stream.write(new Uint8Array(40_000))).toBeUndefined();
    client.close();
    await server.closed;
  });
});
