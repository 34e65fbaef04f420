import { describe, expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { collect, echoHandler, pattern, text, utf8 } from "../test/helpers.ts";
import { WireError } from "./wire-error.ts";

describe("Session over an in-memory channel", () => {
  test("echoes messages and delivers headers and trailers", async () => {
    const { client, server } = createSessionPair({ onStream: echoHandler });
    const stream = client.openStream(utf8.encode("hello"), { message: utf8.encode("one") });
    await stream.send(utf8.encode("two"));
    stream.end();
    expect(text.decode(await stream.headers())).toBe("hello");
    const got = (await collect(stream)).map((m) => text.decode(m));
    expect(got).toEqual(["one", "two"]);
    expect(text.decode(stream.trailers!)).toBe("done");
    expect(stream.stateName).toBe("closed");
    client.close();
    await server.closed;
  });

  test("a unary-shaped request (headers + message + end) is one HEADERS frame", async () => {
    const { client, clientChannel } = createSessionPair({ onStream: echoHandler });
    await client.ping(); // handshake done, settle the initial frames
    const before = clientChannel.bytesWritten;
    const stream = client.openStream(utf8.encode("h"), { message: utf8.encode("abc"), end: true });
    await collect(stream);
    // 9-byte header + 4-byte block length + 1-byte block + 3-byte message.
    expect(clientChannel.bytesWritten - before).toBeLessThanOrEqual(9 + 4 + 1 + 3 + 9 + 4); // may include a WINDOW_UPDATE
    client.close();
  });

  test("messages larger than the frame size are fragmented and reassembled", async () => {
    const { client } = createSessionPair({ onStream: echoHandler });
    const big = pattern(1024 * 1024 + 17, 7);
    const stream = client.openStream(utf8.encode("h"));
    await stream.send(big);
    await stream.send(new Uint8Array(0));
    stream.end();
    const got = await collect(stream);
    expect(got.length).toBe(2);
    expect(Buffer.compare(got[0]!, big)).toBe(0);
    expect(got[1]!.length).toBe(0);
    client.close();
  });

  test("a reset reaches the other side as a stream error", async () => {
    let serverStream: import("./stream.ts").WireStream | undefined;
    const seen = new Promise<WireError | undefined>((resolve) => {
      const { client } = createSessionPair({
        onStream(stream) {
          serverStream = stream;
          stream.onClose = resolve;
        },
      });
      const s = client.openStream(utf8.encode("h"));
      void s.headers().catch(() => {});
      setTimeout(() => s.reset(ErrorCode.Cancel), 5);
    });
    const error = await seen;
    expect(serverStream).toBeDefined();
    expect(error?.code).toBe(ErrorCode.Cancel);
    expect(error?.initiator).toBe("remote");
  });

  test("ping measures a round trip", async () => {
    const { client } = createSessionPair({ onStream: echoHandler });
    const rtt = await client.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(client.rttMs).toBe(rtt);
    client.close();
  });
});
