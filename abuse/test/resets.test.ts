/**
 * Issue 14, stream resets: the client resetting its own calls (rapid reset, CVE-2023-44487) and
 * the client making the server reset them (MadeYouReset, CVE-2025-8671). Either way no connection
 * runs more handlers at once than maxConcurrentStreams, and the reset budget ends the connection.
 */
import { describe, expect, test } from "bun:test";
import { endingCodes } from "../shared/attacker-report.ts";
import { expectBystanderHeld, expectEndingsWithin, expectEveryEndingIs, expectServerBounded } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

describe("reset floods", () => {
  test("3. RST_STREAM flood (HEADERS + RST_STREAM pairs: rapid reset) → GOAWAY ENHANCE_YOUR_CALM", async () => {
    const o = await runScenario({ klass: 3, name: "rapid reset", attack: "rapid-reset" });
    expectEveryEndingIs(o, "ENHANCE_YOUR_CALM");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("4. MadeYouReset (WINDOW_UPDATE overflowing each new stream's send window) → GOAWAY ENHANCE_YOUR_CALM, ≤ 100 handlers per connection, abandoned handlers bounded across reconnections", async () => {
    const o = await runScenario({ klass: 4, name: "MadeYouReset", attack: "made-you-reset" });
    expectServerBounded(o); // handlers per connection first: the limit that must never give
    // Across its reconnections: the stubborn handlers it leaves behind stay within maxAbandonedHandlers
    // (1,000), plus what one connection runs (100) and the bystander's.
    expect(o.after.maxHandlersRunning).toBeLessThanOrEqual(1000 + 2 * 100);
    // Admitted connections end with the reset budget's code; reconnections while too many
    // abandoned handlers run are refused at accept (REFUSED_STREAM, maxAbandonedHandlers).
    expectEndingsWithin(o, ["ENHANCE_YOUR_CALM", "REFUSED_STREAM"]);
    expect(endingCodes(o.report.endings)["ENHANCE_YOUR_CALM"] ?? 0).toBeGreaterThan(0);
    const refusals = Object.keys(o.report.endings).filter((e) => e.startsWith("GOAWAY REFUSED_STREAM"));
    expect(refusals.filter((e) => !e.includes("maxAbandonedHandlers"))).toEqual([]);
    expectBystanderHeld(o);
  }, CLASS_TIMEOUT_MS);
});
