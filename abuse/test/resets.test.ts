/**
 * Issue 14, stream resets: the client resetting its own calls (rapid reset, CVE-2023-44487) and
 * the client making the server reset them (MadeYouReset, CVE-2025-8671). Either way no connection
 * runs more handlers at once than maxConcurrentStreams, and the reset budget ends the connection.
 */
import { describe, test } from "bun:test";
import { expectBystanderHeld, expectEveryEndingIs, expectServerBounded } from "../support/expectations.ts";
import { CLASS_TIMEOUT_MS, runScenario } from "../support/scenario.ts";

describe("reset floods", () => {
  test("3. RST_STREAM flood (HEADERS + RST_STREAM pairs: rapid reset) → GOAWAY ENHANCE_YOUR_CALM", async () => {
    const o = await runScenario({ klass: 3, name: "rapid reset", attack: "rapid-reset" });
    expectEveryEndingIs(o, "ENHANCE_YOUR_CALM");
    expectBystanderHeld(o);
    expectServerBounded(o);
  }, CLASS_TIMEOUT_MS);

  test("4. MadeYouReset (WINDOW_UPDATE overflowing each new stream's send window) → GOAWAY ENHANCE_YOUR_CALM, ≤ 100 handlers per connection", async () => {
    const o = await runScenario({ klass: 4, name: "MadeYouReset", attack: "made-you-reset" });
    expectServerBounded(o); // handlers per connection first: the limit that must never give
    expectEveryEndingIs(o, "ENHANCE_YOUR_CALM");
    expectBystanderHeld(o);
  }, CLASS_TIMEOUT_MS);
});
