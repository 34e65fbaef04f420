import { estimateShallowMemoryUsageOf } from "bun:jsc";
import { describe, expect, test } from "bun:test";
import { createSessionPair } from "./testing/session-pair.ts";
import { bytesEncoder, collect, echoHandler, text, utf8 } from "../test/helpers.ts";

/**
 * Every call opens a stream on each side, so a stream's size is paid per call. JavaScriptCore puts
 * an object of 27–30 fields in a 256-byte cell and one of 31–38 in a 320-byte cell (39–52: 432):
 * a field more can cost 64 bytes per call on each side. Rarely used state lives in objects made
 * on first use (send packs, waiting promises, the message list), which this guards.
 */
const MAX_STREAM_FIELDS = 30;
const MAX_STREAM_BYTES = 256;

describe("a stream's footprint", () => {
  test("a unary exchange's streams stay within 30 fields on both sides, before and after their messages", async () => {
    let accepted: object | undefined;
    const { client, server } = createSessionPair({
      onStream: (stream) => {
        accepted = stream;
        echoHandler(stream);
      },
    });
    const stream = client.openStream(utf8.encode("h"), { message: utf8.encode("abc"), end: true });
    expect(Object.keys(stream).length).toBeLessThanOrEqual(MAX_STREAM_FIELDS);
    const got = (await collect(stream)).map((m) => text.decode(m));
    expect(got).toEqual(["abc"]);
    expect(Object.keys(stream).length).toBeLessThanOrEqual(MAX_STREAM_FIELDS);
    expect(accepted).toBeDefined();
    expect(Object.keys(accepted!).length).toBeLessThanOrEqual(MAX_STREAM_FIELDS);
    for (const s of [stream, accepted!]) expect(estimateShallowMemoryUsageOf(s)).toBeLessThanOrEqual(MAX_STREAM_BYTES);
    client.close();
    await server.closed;
  });

  test("state made on first use (waiting reads, sends, packs) does not add fields to the stream", async () => {
    const { client, server } = createSessionPair({ onStream: echoHandler });
    const stream = client.openStream(utf8.encode("h"));
    const fields = Object.keys(stream).length;
    const encoder = bytesEncoder;
    for (let i = 0; i < 5; i++) await stream.writeWith(encoder, utf8.encode(`m${i}`));
    await stream.send(utf8.encode("last"));
    stream.end();
    const got = (await collect(stream)).map((m) => text.decode(m));
    expect(got).toEqual(["m0", "m1", "m2", "m3", "m4", "last"]);
    expect(Object.keys(stream).length).toBe(fields);
    client.close();
    await server.closed;
  });
});
