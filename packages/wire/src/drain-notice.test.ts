import { expect, test } from "bun:test";
import { MAX_STREAM_ID } from "./constants.ts";
import { DrainNotice, DRAIN_NOTICE_TIMEOUT_MS } from "./drain-notice.ts";
import { ErrorCode } from "./error-code.ts";

function port(ping: () => Promise<number>) {
  const frames: [number, ErrorCode, string][] = [];
  return { frames, sendGoAwayFrame: (id: number, code: ErrorCode, reason: string) => void frames.push([id, code, reason]), ping };
}

test("the notice is a GOAWAY with the largest stream ID; the final GOAWAY follows the PING's ACK, once", async () => {
  let ack!: (rtt: number) => void;
  const p = port(() => new Promise<number>((resolve) => (ack = resolve)));
  let finished = 0;
  const notice = new DrainNotice(p, "deploy", () => finished++);
  expect(p.frames).toEqual([[MAX_STREAM_ID, ErrorCode.NoError, "deploy"]]);
  expect(finished).toBe(0);
  ack(1);
  await Promise.resolve();
  expect(finished).toBe(1);
  notice.end();
  expect(finished).toBe(1);
});

test("a peer that never answers the PING (or a refused PING) does not hold the drain: the timer ends it", async () => {
  let finished = 0;
  new DrainNotice(port(() => new Promise<number>(() => {})), "", () => finished++);
  new DrainNotice(port(() => { throw new Error("too many pings outstanding"); }), "", () => finished++);
  await Bun.sleep(DRAIN_NOTICE_TIMEOUT_MS + 50);
  expect(finished).toBe(2);
});

test("cancel: no final GOAWAY (the session closed)", async () => {
  let ack!: (rtt: number) => void;
  let finished = 0;
  new DrainNotice(port(() => new Promise<number>((resolve) => (ack = resolve))), "", () => finished++).cancel();
  ack(1);
  await Promise.resolve();
  expect(finished).toBe(0);
});
