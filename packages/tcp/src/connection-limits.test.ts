import { expect, test } from "bun:test";
import { ErrorCode } from "@strand/wire";
import { decodeGoAway, FrameDecoder, PREFACE_LENGTH } from "@strand/wire/internal";
import { Admission, ConnectionBudget, verifyConnectionLimits } from "./connection-limits.ts";

test("defaults: 10,000 connections, 1,024 handshakes; bad values are RangeErrors naming the option", () => {
  expect(verifyConnectionLimits({})).toEqual({ maxConnections: 10_000, maxHandshakes: 1_024 });
  expect(verifyConnectionLimits({ maxConnections: Infinity, maxHandshakes: 1 })).toEqual({ maxConnections: Infinity, maxHandshakes: 1 });
  expect(() => verifyConnectionLimits({ maxConnections: 0 })).toThrow(/maxConnections/);
  expect(() => verifyConnectionLimits({ maxHandshakes: 2.5 })).toThrow(/maxHandshakes/);
});

test("a budget admits up to its limits, connections first, and counts places given back", () => {
  const budget = new ConnectionBudget({ maxConnections: 3, maxHandshakes: 2 });
  const admission = new Admission(budget);
  expect([admission.admit(), admission.admit(), admission.admit()]).toEqual([undefined, undefined, "handshakes"]);
  admission.handshakeOver();
  expect(admission.admit()).toBeUndefined();
  expect(admission.admit()).toBe("connections");
  expect([budget.connections, budget.handshakes]).toEqual([3, 2]);
  admission.connectionOver();
  admission.handshakeOver();
  expect(admission.admit()).toBeUndefined();
});

test("the refusal bytes carry GOAWAY REFUSED_STREAM, last stream 0, and the limit in the reason", () => {
  const budget = new ConnectionBudget({ maxConnections: 7, maxHandshakes: 3 });
  const reasons = (["connections", "handshakes"] as const).map((why) => {
    const decoder = new FrameDecoder(16 * 1024);
    decoder.push(budget.refusals[why].subarray(PREFACE_LENGTH));
    decoder.next(); // SETTINGS
    return decodeGoAway(decoder.next()!.payload);
  });
  expect(reasons).toEqual([
    { lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server at its connection limit (maxConnections 7)" },
    { lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server has too many handshakes in progress (maxHandshakes 3)" },
  ]);
});

test("a listener adopted by another server (hot reload) moves its connections to that server's budget", () => {
  const before = new ConnectionBudget({ maxConnections: 10, maxHandshakes: 10 });
  const after = new ConnectionBudget({ maxConnections: 2, maxHandshakes: 10 });
  const listener = new Admission(before);
  const other = new Admission(after);
  listener.admit();
  listener.admit();
  listener.handshakeOver();
  listener.moveTo(after);
  expect([before.connections, before.handshakes, after.connections, after.handshakes]).toEqual([0, 0, 2, 1]);
  expect(other.admit()).toBe("connections");
  listener.connectionOver();
  expect(other.admit()).toBeUndefined();
});
