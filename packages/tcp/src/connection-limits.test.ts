import { expect, test } from "bun:test";
import { ErrorCode } from "@strand/wire";
import { decodeGoAway, FrameDecoder, PREFACE_LENGTH } from "@strand/wire/internal";
import { Admission, ConnectionBudget, verifyConnectionLimits } from "./connection-limits.ts";

test("defaults: 10,000 connections, 1,024 handshakes, 1,000 abandoned handlers; bad values are RangeErrors naming the option", () => {
  expect(verifyConnectionLimits({})).toEqual({ maxConnections: 10_000, maxHandshakes: 1_024, maxAbandonedHandlers: 1_000 });
  expect(verifyConnectionLimits({ maxConnections: Infinity, maxHandshakes: 1, maxAbandonedHandlers: 5 })).toEqual({
    maxConnections: Infinity,
    maxHandshakes: 1,
    maxAbandonedHandlers: 5,
  });
  expect(() => verifyConnectionLimits({ maxConnections: 0 })).toThrow(/maxConnections/);
  expect(() => verifyConnectionLimits({ maxHandshakes: 2.5 })).toThrow(/maxHandshakes/);
  expect(() => verifyConnectionLimits({ maxAbandonedHandlers: -1 })).toThrow(/maxAbandonedHandlers/);
});

test("a budget admits up to its limits, connections first, and counts places given back", () => {
  const budget = new ConnectionBudget({ maxConnections: 3, maxHandshakes: 2, maxAbandonedHandlers: Infinity });
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
  const budget = new ConnectionBudget({ maxConnections: 7, maxHandshakes: 3, maxAbandonedHandlers: 9 });
  const reasons = (["connections", "handshakes", "abandoned"] as const).map((why) => {
    const decoder = new FrameDecoder(16 * 1024);
    decoder.push(budget.refusals[why].subarray(PREFACE_LENGTH));
    decoder.next(); // SETTINGS
    return decodeGoAway(decoder.next()!.payload);
  });
  expect(reasons).toEqual([
    { lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server at its connection limit (maxConnections 7)" },
    { lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server has too many handshakes in progress (maxHandshakes 3)" },
    { lastStreamId: 0, code: ErrorCode.RefusedStream, reason: "server has too many handlers still running after their calls ended (maxAbandonedHandlers 9)" },
  ]);
});

test("a listener adopted by another server (hot reload) moves its connections to that server's budget", () => {
  const before = new ConnectionBudget({ maxConnections: 10, maxHandshakes: 10, maxAbandonedHandlers: 10 });
  const after = new ConnectionBudget({ maxConnections: 2, maxHandshakes: 10, maxAbandonedHandlers: 10 });
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

test("while the server's abandoned handlers are at maxAbandonedHandlers, new connections are refused; below it they are admitted again", () => {
  const handlers = { abandoned: 0 };
  const budget = new ConnectionBudget({ maxConnections: 10, maxHandshakes: 10, maxAbandonedHandlers: 2 }, handlers);
  const admission = new Admission(budget);
  expect(admission.admit()).toBeUndefined();
  handlers.abandoned = 2;
  expect(admission.admit()).toBe("abandoned");
  expect(budget.connections).toBe(1); // a refusal takes no place
  handlers.abandoned = 1;
  expect(admission.admit()).toBeUndefined();
});
