import { expect, test } from "bun:test";
import { createChannel } from "./channel.ts";

test("healthCheck: true, false or { service }; anything else, or with readinessCheck, fails at construction", () => {
  for (const healthCheck of [true, false, { service: "" }, { service: "acme.Ledger" }]) createChannel("127.0.0.1:7000", { healthCheck }).close();
  for (const bad of ["yes", 1, null, { service: 5 }, []]) {
    expect(() => createChannel("127.0.0.1:7000", { healthCheck: bad as unknown as boolean })).toThrow(/healthCheck must be/);
  }
  expect(() => createChannel("127.0.0.1:7000", { healthCheck: true, readinessCheck: () => {} })).toThrow(/cannot both/);
});
