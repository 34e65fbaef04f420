import { describe, expect, test } from "bun:test";
import { Flag, FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import { FrameDecoder } from "./frame-decoder.ts";
import { frameWriter } from "./frame-writer.ts";
import { SendQueue } from "./send-queue.ts";
import { type FramedStream, type FramingState, frameNext, Progress } from "./stream-framer.ts";
import { Window } from "./window.ts";

/** The smallest real FramedStream: a queue with its credit, recording the transitions framing reports. */
function stream(credit = 65_535): FramedStream & { events: string[] } {
  const sendQueue = new SendQueue(credit);
  const events: string[] = [];
  return {
    id: 1,
    sendQueue,
    sendWindow: sendQueue,
    isClosed: false,
    hasSendWaiters: false,
    marks: 0,
    events,
    opened: () => void events.push("opened"),
    endSent: () => void events.push("end"),
    wakeSenders() {},
  };
}

function state(batch = true, withTrailers = false): FramingState {
  return { connection: new Window(1 << 20, "connection"), batch, withTrailers, maxFramePayload: PROTOCOL_DEFAULTS.maxFramePayload, peerStreamWindow: 65_535, wake: undefined };
}

/** Frames everything `s` allows, and decodes what was written. */
function drain(s: FramingState, st: FramedStream): Array<{ type: number; flags: number; length: number }> {
  frameWriter.begin(undefined);
  while (!st.sendQueue.isEmpty && frameNext(s, st) === Progress.Framed);
  const decoder = new FrameDecoder(1 << 24);
  decoder.push(frameWriter.bytes.slice(0, frameWriter.length));
  const out = [];
  for (let f = decoder.next(); f !== undefined; f = decoder.next()) out.push({ type: f.type, flags: f.flags, length: f.payload.length });
  return out;
}

describe("stream framer", () => {
  test("headers, a small first message and the end go out as one HEADERS frame", () => {
    const st = stream();
    st.sendQueue.pushHeaders(Uint8Array.of(1, 2), new Uint8Array(10), true);
    expect(drain(state(), st)).toEqual([{ type: FrameType.Headers, flags: Flag.WithMessage | Flag.EndStream, length: 4 + 2 + 10 }]);
    expect(st.events).toEqual(["opened", "end"]);
    expect(st.sendQueue.queuedBytes).toBe(0);
  });

  test("a first message too large for one frame follows the headers as DATA fragments, then END_STREAM", () => {
    const st = stream(1 << 20);
    st.sendQueue.pushHeaders(Uint8Array.of(1), new Uint8Array(40_000), true);
    const frames = drain(state(), st);
    expect(frames[0]).toEqual({ type: FrameType.Headers, flags: 0, length: 1 });
    expect(frames[1]).toMatchObject({ type: FrameType.Data, flags: Flag.MessageStart });
    expect(frames.at(-1)).toMatchObject({ type: FrameType.Data, flags: Flag.EndMessage | Flag.EndStream });
    expect(frames.slice(1).reduce((n, f) => n + f.length, 0)).toBe(40_000 + 4);
  });

  test("small messages queued together share a BATCH frame, with END_STREAM riding on it", () => {
    const st = stream();
    for (let i = 0; i < 5; i++) st.sendQueue.pushMessage(new Uint8Array(8));
    st.sendQueue.pushEnd(undefined);
    expect(drain(state(), st)).toEqual([{ type: FrameType.Data, flags: Flag.Batch | Flag.EndStream, length: 5 * 12 }]);
  });

  test("a peer that takes no BATCH gets one frame per message", () => {
    const st = stream();
    st.sendQueue.pushMessage(new Uint8Array(8));
    st.sendQueue.pushMessage(new Uint8Array(8));
    expect(drain(state(false), st)).toEqual([
      { type: FrameType.Data, flags: Flag.EndMessage, length: 8 },
      { type: FrameType.Data, flags: Flag.EndMessage, length: 8 },
    ]);
  });

  test("without stream credit the stream waits; without connection credit the connection does", () => {
    const st = stream(3);
    st.sendQueue.pushMessage(new Uint8Array(100_000));
    frameWriter.begin(undefined);
    expect(frameNext(state(), st)).toBe(Progress.BlockedOnStream);
    const s = state();
    s.connection.available = 0;
    st.sendQueue.available = 1000;
    expect(frameNext(s, st)).toBe(Progress.BlockedOnConnection);
  });
});
