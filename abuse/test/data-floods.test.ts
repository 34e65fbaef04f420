/**
 * Issue 14, DATA that carries nothing: empty frames (CVE-2019-9518) cost the server a frame's
 * work each and the attacker nothing; zero-length messages to a handler that never reads must
 * still be stopped by the stream's flow control rather than queue without end.
 */
import { describe, test } from "bun:test";
import { expectBystanderHeld, expectEveryEndingIs, expectServerBounded } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

describe("DATA floods", () => {
  test("6. empty DATA frames (no payload, no flags) on an open stream → GOAWAY PROTOCOL_ERROR", async () => {
    const o = await runScenario({ klass: 6, name: "empty DATA flood", attack: "empty-data-flood" });
    expectEveryEndingIs(o, "PROTOCOL_ERROR");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("7. zero-length messages to a handler that never reads → the server's memory stays bounded", async () => {
    const o = await runScenario({ klass: 7, name: "zero-length messages", attack: "zero-length-messages" });
    // Each message costs stream credit: 100 streams stall after a window each, whatever the attacker does next.
    expectServerBounded(o);
    expectBystanderHeld(o);
  }, CLASS_TIMEOUT_MS);
});
