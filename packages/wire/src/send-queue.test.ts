import { describe, expect, test } from "bun:test";
import { MESSAGE_CREDIT } from "./constants.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { OutboundKind, OutboundPack } from "./outbound.ts";
import { SendQueue } from "./send-queue.ts";
import type { WireStream } from "./stream.ts";
import { bytesEncoder, utf8 } from "../test/helpers.ts";

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

describe("SendQueue", () => {
  const encoder = bytesEncoder;

  test("headers, messages and the end queue in order; message bytes and MESSAGE_CREDIT each count as queued", () => {
    const q = new SendQueue(65_535);
    expect(q.isEmpty).toBe(true);
    q.pushHeaders(utf8.encode("h"), new Uint8Array(10), false);
    q.pushMessage(new Uint8Array(5));
    q.pushEnd(undefined);
    expect(q.queuedBytes).toBe(15 + 2 * MESSAGE_CREDIT);
    expect((q.first as { kind: number }).kind).toBe(OutboundKind.Headers);
    expect([q.outHeaderBlock, q.outHeaderMessage?.length, q.outHeaderEnd]).toEqual([utf8.encode("h"), 10, false]);
    q.framed(10, 1);
    q.pop();
    expect([q.outHeaderBlock, q.outHeaderMessage]).toEqual([undefined, undefined]); // the queue lets go of sent headers
    expect(q.first).toBeInstanceOf(Uint8Array);
    q.framed(5, 1);
    q.pop();
    expect(q.takeBareEnd()).toBe(true);
    expect([q.isEmpty, q.queuedBytes]).toEqual([true, 0]);
  });

  test("small encoded messages share one pack in BATCH layout; a large one comes back to be queued alone, and the next ones too", () => {
    const q = new SendQueue(65_535);
    expect(q.appendPacked(encoder, Uint8Array.of(1, 2, 3), 1 << 20)).toBeUndefined();
    expect(q.appendPacked(encoder, Uint8Array.of(4), 1 << 20)).toBeUndefined();
    const pack = q.first as OutboundPack;
    expect(pack).toBeInstanceOf(OutboundPack);
    expect([...pack.bytes.subarray(0, pack.length)]).toEqual([0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 1, 4]);
    expect(q.queuedBytes).toBe(12 + 2 * MESSAGE_CREDIT);
    const big = new Uint8Array(5000).fill(7);
    const alone = q.appendPacked(encoder, big, 1 << 20);
    expect(alone).toEqual(big);
    expect([pack.length, q.queuedBytes, q.sendsLarge]).toEqual([12, 12 + 2 * MESSAGE_CREDIT, true]); // nothing of it was left queued
    expect(q.appendPacked(encoder, big, 100)).toHaveLength(5000); // over the peer's limit: alone, for the size check
  });

  test("an encoder that throws leaves the queue as it was", () => {
    const q = new SendQueue(65_535);
    q.appendPacked(encoder, Uint8Array.of(9), 1 << 20);
    const failing = { encodeAppend: () => { throw new Error("bad field"); } };
    expect(() => q.appendPacked(failing, 0, 1 << 20)).toThrow("bad field");
    expect(() => q.encodeAlone(failing, 0)).toThrow("bad field");
    const pack = q.first as OutboundPack;
    expect([pack.length, q.queuedBytes]).toEqual([5, 5 + MESSAGE_CREDIT]);
  });

  test("a fully framed pack's buffer is reused by the next pack, unless views of it were handed out", () => {
    const q = new SendQueue(65_535);
    q.appendPacked(encoder, Uint8Array.of(1), 1 << 20);
    const pack = q.first as OutboundPack;
    pack.sealed = true;
    q.pop();
    q.recycle(pack);
    q.appendPacked(encoder, Uint8Array.of(2), 1 << 20);
    expect(q.first).toBe(pack);
    pack.viewed = true;
    pack.sealed = true;
    q.pop();
    q.recycle(pack);
    q.appendPacked(encoder, Uint8Array.of(3), 1 << 20);
    expect(q.first).not.toBe(pack);
  });

  test("replace and insert at the head; clear drops everything", () => {
    const q = new SendQueue(65_535);
    q.pushHeaders(utf8.encode("h"), Uint8Array.of(1), true);
    q.replaceFirst(Uint8Array.of(1));
    q.insertEndSecond();
    q.insertFirst(Uint8Array.of(0));
    expect(q.first).toEqual(Uint8Array.of(0));
    expect(q.second).toEqual(Uint8Array.of(1));
    q.offset = 1;
    q.clear();
    expect([q.isEmpty, q.queuedBytes, q.offset, q.first]).toEqual([true, 0, 0, undefined]);
  });
});
