/**
 * Issue 14, control-frame floods against a default server: each asks the server to answer or to
 * account for a frame that costs the attacker nothing. Limits end the connection or absorb it;
 * the bystander on another connection must not notice.
 */
import { describe, test } from "bun:test";
import { expectBystanderHeld, expectEndingsWithin, expectEveryEndingIs, expectServerBounded } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

describe("control-frame floods", () => {
  test("1. ping flood → GOAWAY ENHANCE_YOUR_CALM", async () => {
    const o = await runScenario({ klass: 1, name: "ping flood", attack: "ping-flood" });
    expectEveryEndingIs(o, "ENHANCE_YOUR_CALM");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("2. SETTINGS flood → GOAWAY ENHANCE_YOUR_CALM", async () => {
    const o = await runScenario({ klass: 2, name: "SETTINGS flood", attack: "settings-flood" });
    expectEveryEndingIs(o, "ENHANCE_YOUR_CALM");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("5. WINDOW_UPDATE flood (1-byte increments on the connection) → tolerated with nothing growing, or ENHANCE_YOUR_CALM", async () => {
    const o = await runScenario({ klass: 5, name: "WINDOW_UPDATE flood", attack: "window-update-flood" });
    // Today's server absorbs them (each only adds to the connection's send credit): the attacker is
    // still connected when stopped. A server that rate-limits them must say ENHANCE_YOUR_CALM.
    expectEndingsWithin(o, ["ENHANCE_YOUR_CALM"]);
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);
});
