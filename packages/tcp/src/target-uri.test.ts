import { expect, test } from "bun:test";
import { parseHostPort, parseTargetUri } from "./target-uri.ts";

test("scheme://authority/path, the short scheme:path form, and plain host:port (scheme-like, decided by the registry)", () => {
  expect(parseTargetUri("dns:///ledger.example:7000")).toEqual({ scheme: "dns", authority: "", path: "ledger.example:7000", text: "dns:///ledger.example:7000" });
  expect(parseTargetUri("DNS://10.0.0.2:53/ledger:7000")).toMatchObject({ scheme: "dns", authority: "10.0.0.2:53", path: "ledger:7000" });
  expect(parseTargetUri("dns+srv:///_ledger._tcp.example")).toMatchObject({ scheme: "dns+srv", authority: "", path: "_ledger._tcp.example" });
  expect(parseTargetUri("dns:ledger:7000")).toMatchObject({ scheme: "dns", authority: "", path: "ledger:7000" });
  expect(parseTargetUri("localhost:7000")).toMatchObject({ scheme: "localhost", path: "7000" });
  expect(parseTargetUri("[::1]:7000")).toBeUndefined();
  expect(parseTargetUri("127.0.0.1:7000")).toBeUndefined();
});

test("name:port needs both parts and a port in range", () => {
  expect(parseHostPort("ledger.example:7000", "dns:///ledger.example:7000")).toEqual({ host: "ledger.example", port: 7000 });
  expect(parseHostPort("[::1]:7000", "t")).toEqual({ host: "::1", port: 7000 });
  for (const bad of ["ledger.example", "ledger:0", "ledger:70000", ":7000", "a:b:7000", ""]) {
    expect(() => parseHostPort(bad, `dns:///${bad}`)).toThrow(/the port is required/);
  }
});
