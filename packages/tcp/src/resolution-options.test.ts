import { expect, test } from "bun:test";
import { createChannel } from "./channel.ts";
import { registerResolver } from "./resolver-registry.ts";

test("bad resolution and balancing options fail at construction, naming the option", () => {
  expect(() => createChannel("dns:///ledger.example:7000", { resolveIntervalMs: 0 })).toThrow(/resolveIntervalMs/);
  expect(() => createChannel("dns:///ledger.example:7000", { resolveIntervalMs: Number.NaN })).toThrow(/resolveIntervalMs/);
  expect(() => createChannel("dns:///ledger.example:7000", { dnsServer: "dns.example" })).toThrow(/dnsServer/);
  expect(() => createChannel("dns:///ledger.example:7000", { dnsServer: "127.0.0.1:99999" })).toThrow(/dnsServer/);
  expect(() => createChannel("dns:///ledger.example:7000", { loadBalancing: "random" as "pick_first" })).toThrow(/loadBalancing/);
  expect(() => createChannel("127.0.0.1:7000", { readinessCheck: 5 as unknown as () => void })).toThrow(/readinessCheck/);
});

test("targets: unknown schemes, missing ports and SRV names with ports are refused at construction", () => {
  expect(() => createChannel("consul:///ledger")).toThrow(/no resolver for the scheme "consul"/);
  expect(() => createChannel("dns:///ledger.example")).toThrow(/the port is required/);
  expect(() => createChannel("dns+srv:///_ledger._tcp.example:7000")).toThrow(/no port/);
  expect(() => createChannel("dns://8.8.8.8/ledger:7000", { dnsServer: "1.1.1.1" })).toThrow(/names DNS server/);
  // Valid ones construct without a lookup (the channel is lazy) and close cleanly.
  for (const target of ["dns:///ledger.example:7000", "dns:ledger.example:7000", "dns+srv:///_ledger._tcp.example", "dns://127.0.0.1:5353/ledger:7000", "dns:///[::1]:7000"]) {
    const channel = createChannel(target, { dnsServer: "127.0.0.1:5353", loadBalancing: "pick_first" });
    expect(channel.state).toBe("idle");
    channel.close();
    expect(channel.state).toBe("shutdown");
  }
});

test("registerResolver checks the scheme and the factory; unix is reserved", () => {
  expect(() => registerResolver("unix", () => ({ resolveNow() {}, close() {} }))).toThrow(/reserved/);
  expect(() => registerResolver("no spaces", () => ({ resolveNow() {}, close() {} }))).toThrow(/invalid scheme/);
  expect(() => registerResolver("ok", "nope" as unknown as () => { resolveNow(): void; close(): void })).toThrow(/must be a function/);
});
