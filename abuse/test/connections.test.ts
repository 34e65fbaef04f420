/**
 * Issue 14, connection-level abuse: peers that do not speak the protocol at all, and a churn of
 * thousands of short connections that open and go in every way a connection can.
 */
import { describe, expect, test } from "bun:test";
import { expectBystanderHeld, expectEveryEndingIs, expectServerBounded, mib } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

/** Connections of the churn, and how many at once. */
const CHURN = 20_000;

describe("connection abuse", () => {
  test("11. garbage bytes instead of a preface → GOAWAY BAD_PREFACE, bystander unaffected", async () => {
    const o = await runScenario({ klass: 11, name: "garbage bytes", attack: "garbage" });
    expectEveryEndingIs(o, "BAD_PREFACE");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test(`12. churn: ${CHURN} connections, 64 at a time (half-opens, handshakes only, one call each, hard kills) → bystander figure, memory back to baseline`, async () => {
    const o = await runScenario({ klass: 12, name: `churn of ${CHURN} connections`, attack: "churn", argument: CHURN, finite: true, attackMs: 90_000 });
    expect(o.report.counters["connections"]).toBe(CHURN);
    expectBystanderHeld(o);
    // Back to baseline: no session, handler or stream of the churn outlives it.
    expect({ connections: o.after.connections, handlers: o.after.handlersRunning, streams: o.after.streams }).toEqual({ connections: 2, handlers: 0, streams: 1 });
    expectServerBounded(o, { heldHeap: mib(16), afterHeap: mib(4), queuedControlFrames: 64 * 1000, unwrittenBytes: 64 * mib(2) });
  }, CLASS_TIMEOUT_MS);
});
